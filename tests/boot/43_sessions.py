"""Each SSH session runs in a cgroup of its own, limited to 512 processes: a
fork bomb in one stops at the limit while a second login, that session's own
forks and the console go on (the twin). dropbear is never the OOM killer's
choice and a session's shell is ordinary: a memory hog in a session is killed,
and the same dropbear and PID 1 answer afterwards. A session that ended leaves
no group behind."""
import re
import tempfile
from vm import Vm, check, keypair

MODES = ("lifeboat", "debian")
GROUP = "/sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)"
# 700 sleepers in the background, their output away from the SSH channel, in a subshell: ash gives up
# at the first fork refused; the counts are read with builtins, since nothing forks once the group is full
BOMB = ("read -r cg < /proc/self/cgroup; G=/sys/fs/cgroup${cg#0::}; "
        "( i=0; while [ $i -lt 700 ]; do sleep 120 </dev/null >/dev/null 2>&1 & i=$((i+1)); done ) 2>/dev/null; "
        "read -r cur < $G/pids.current; read -r ev < $G/pids.events; echo current=$cur refused=${ev#max }")


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "operator")
        append = f'console=ttyS0 lifeboat.ssh_key="{pub}"'
        with Vm(out, append=append, ssh=True, mem=256) as v:
            v.ready()
            rc, text = v.ssh(key, f"cat /proc/self/cgroup {GROUP}/pids.max /proc/self/oom_score_adj; "
                                  "cat /proc/$(cat /run/lifeboat/ssh/dropbear.pid)/oom_score_adj")
            words = text.split()
            check(rc == 0 and re.match(r"^0::/sessions/ssh-\d+$", words[0]), f"the session's group: {text}")
            check(words[1:4] == ["512", "0", "-1000"], f"pids.max, the session's and dropbear's OOM scores: {text}")

            rc, text = v.ssh(key, BOMB, timeout=300)
            m = re.search(r"current=(\d+) refused=(\d+)", text)
            check(rc == 0 and m and int(m.group(1)) <= 512 and int(m.group(2)) > 0,
                  f"the fork bomb was not stopped at 512: {rc} {text}")
            # the twin: another session forks as it likes, the console answers, status works
            rc, text = v.ssh(key, "i=0; while [ $i -lt 50 ]; do sleep 1 & i=$((i+1)); done; wait; "
                                  "echo forked50; lifeboat status >/dev/null && echo status-ok", timeout=120)
            check(rc == 0 and "forked50" in text and "status-ok" in text, f"a second session during the bomb: {text}")
            rc, text = v.sh("echo console-$((6*7))")
            check(rc == 0 and "console-42" in text, f"the console during the bomb: {text}")
            # the bomb's group is still there while it lives; gone once it is killed and the next login sweeps
            rc, text = v.ssh(key, "for g in /sys/fs/cgroup/sessions/ssh-*; do "
                                  "[ $(cat $g/pids.current) -gt 100 ] && echo 1 > $g/cgroup.kill && echo killed $g; done; true")
            check(rc == 0 and "killed /sys/fs/cgroup/sessions/ssh-" in text, f"the bomb's group: {text}")
            rc, text = v.ssh(key, "sleep 1; ls -d /sys/fs/cgroup/sessions/ssh-* | wc -l")
            check(rc == 0 and text.strip().endswith("1"), f"groups of ended sessions left: {text}")

            # a memory hog: the shell holding it is killed, dropbear and PID 1 are the same afterwards
            rc, before = v.ssh(key, "cat /run/lifeboat/ssh/dropbear.pid")
            rc, text = v.ssh(key, "x=$(yes | head -c 400000000); echo survived ${#x}", timeout=300)
            check("survived" not in text, f"the memory hog was not stopped: {rc} {text}")
            rc, after = v.ssh(key, "cat /run/lifeboat/ssh/dropbear.pid; dmesg | grep -c 'Out of memory: Killed process'")
            check(rc == 0 and after.split()[0] == before.strip(), f"dropbear changed: {before} -> {after}")
            check(int(after.split()[1]) >= 1, f"no OOM kill in the kernel log: {after}")
            rc, text = v.sh("echo pid1-$((6*7))")
            check(rc == 0 and "pid1-42" in text and v.proc.poll() is None, "PID 1 or the console gone after the OOM kill")
