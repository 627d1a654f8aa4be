"""The console menu (the default; the other tests boot with lifeboat.menu=0): after the
banner, a numbered plain-text menu; a number or a word runs that entry's
lifeboat command on the console, whose plan and confirmation show there
(fstab's plan without "yes" changes nothing: exit 4); an unknown choice is
said and the menu comes back; "shell" gives a shell and exit returns to the
menu; Ctrl-D ends the menu and PID 1 starts it again. Twin: with
lifeboat.menu=0 the console has a shell and no menu."""
import os
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "e4e40000-0000-4000-8000-000000000001"
MENU = r"choose a number or a word: "


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}",
                       fstab_extra=["UUID=0dead000-0000-4000-8000-00000000dead /srv ext4 defaults 0 2"])
        fx.ext4(t("root.img"), 24, tree, fs_uuid=ROOT)
        before = fx.sha256(t("root.img"))
        with Vm(out, append="console=ttyS0 loglevel=4", rw_disks=[t("root.img")], menu=True) as v:
            v.wait_for(r"^lifeboat ready\r?$", what="lifeboat ready")
            v.wait_for(r"lifeboat menu \(every entry", what="the menu")
            m = v.wait_for(MENU, what="the menu's prompt")
            text = v.text()
            check(" 1) show the disks" in text and "[fstab]" in text and "[poweroff]" in text
                  and "  menu      on every console" in text, "entries, and the banner's word for them")
            v.send("disks\n")
            v.wait_for(r"/dev/vda", what="the disks entry's output")
            v.wait_for(r"\[show the disks and the guest's root: exit 0, done\]", what="disks' exit")
            v.wait_for(MENU, what="the menu again")
            v.send("backup\n")
            v.wait_for(r"ssh root@10\.0\.2\.15 lifeboat backup root > vda-\d{8}\.lbk", what="backup's commands")
            v.wait_for(r"\[back up first[^\]]*: exit 0, done\]", what="backup's exit")
            v.wait_for(MENU, what="the menu after backup")
            v.send("99\n")
            v.wait_for(r"no such entry: 99", what="an unknown entry")
            v.wait_for(MENU, what="the menu after a wrong choice")
            v.send("fstab\n")
            v.wait_for(r"line 3: UUID=0dead000-0000-4000-8000-00000000dead /srv: add nofail", what="fstab's plan")
            v.wait_for(r"back up first\? From your own machine: ssh root@10\.0\.2\.15 lifeboat backup /dev/vda > "
                       r"vda-\d{8}\.lbk", what="the plan's backup hint")
            v.wait_for(r"type yes to go ahead: ", what="the confirmation question")
            v.send("no\n")
            v.wait_for(r"exit 4, needs confirmation\]", what="not confirmed")
            v.wait_for(MENU, what="the menu after fstab")
            v.send("shell\n")
            v.wait_for(r"lifeboat:[^\r\n]*# ", what="a shell from the menu")
            rc, text = v.sh("echo $((6 * 7)); lifeboat fix fstab >/dev/null </dev/null; echo rc=$?")
            check("42" in text and "rc=4" in text, f"the menu's shell: {text}")
            v.send("exit\n")
            v.wait_for(MENU, what="the menu after the shell")
            v.send("\x04")
            v.wait_for(r"lifeboat menu \(every entry", what="the menu started again after Ctrl-D")
            check(m is not None, "")
        check(fx.sha256(t("root.img")) == before, "the menu changed the disk without a yes")

    with Vm(out) as v:
        banner = v.ready()
        rc, text = v.sh("ps | grep -c '[l]ifeboat menu'")
        check("lifeboat menu" not in banner and "  shell     on every console" in banner and text.strip() == "0",
              f"lifeboat.menu=0: {banner} {text}")
