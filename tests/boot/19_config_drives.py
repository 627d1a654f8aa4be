"""Keys from config drives: a NoCloud drive (vfat, label cidata) with keys in
#cloud-config user-data and in meta-data, and an OpenStack config-2 drive
(iso9660) with meta_data.json, each let root in over SSH. Twins: a drive with
another label is not read, lifeboat.datasource=nocloud leaves a config-2 drive
alone (and an unknown name in it is reported), and their keys are refused."""
import json
import os
import subprocess
import tempfile
from vm import Vm, check, keypair


def vfat(path, label, files):
    subprocess.run(["mkfs.vfat", "-n", label, "-C", path, "4096"], check=True, capture_output=True)
    for name, text in files.items():
        src = path + "." + name.replace("/", "_")
        with open(src, "w") as f:
            f.write(text)
        subprocess.run(["mcopy", "-i", path, src, "::" + name], check=True)
    return path


def iso(path, label, files):
    root = path + ".d"
    for name, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
        with open(os.path.join(root, name), "w") as f:
            f.write(text)
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-V", label, "-J", "-r", "-o", path, root],
                   check=True, capture_output=True)
    return path


def user_data(key):
    return f"#cloud-config\nusers:\n  - name: root\n    ssh_authorized_keys:\n      - '{key}'\n"


def meta_data(key):
    return f"instance-id: i-0123\nlocal-hostname: vps\npublic-keys:\n  - {key}\n"


def openstack(key):
    return json.dumps({"uuid": "83679162-1378-4288-a2d4-70e13ec132aa", "name": "vps", "hostname": "vps",
                       "public_keys": {"mykey": key}, "keys": [{"name": "mykey", "type": "ssh", "data": key}],
                       "random_seed": "c2VlZCBieXRlcyBmcm9tIHRoZSBwcm92aWRlcg==", "launch_index": 0, "meta": {}})


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        ud, ud_pub = keypair(tmp, "userdata")
        md, md_pub = keypair(tmp, "metadata")
        os_, os_pub = keypair(tmp, "openstack")
        other, other_pub = keypair(tmp, "otherlabel")
        cidata = vfat(f"{tmp}/cidata.img", "cidata", {"user-data": user_data(ud_pub), "meta-data": meta_data(md_pub)})
        config2 = iso(f"{tmp}/config2.iso", "config-2", {"openstack/latest/meta_data.json": openstack(os_pub)})
        wrong = vfat(f"{tmp}/wrong.img", "notcidata", {"user-data": user_data(other_pub)})

        with Vm(out, ssh=True, disks=[cidata, config2, wrong]) as v:
            banner = v.ready()
            check("3 key(s): NoCloud drive 2, config-2 drive 1" in banner, f"drive keys not counted:\n{banner}")
            for key in (ud, md, os_):
                rc, text = v.ssh(key, "lifeboat status --json")
                check(rc == 0 and json.loads(text)["ssh"]["keys"] == 3, f"ssh with {key}: {rc} {text}")
            rc, text = v.ssh(other, "true")
            check(rc == 255 and "Permission denied" in text, f"a key from a drive labelled notcidata: {rc} {text}")
            rc, text = v.ssh(ud, "echo seed=$(dmesg | grep -c 'random_seed mixed in') "
                                 "mounted=$(grep -c /run/lifeboat/drive /proc/mounts)")
            check(rc == 0 and "seed=1 mounted=0" in text, f"seed not mixed, or a drive left mounted: {text}")

        # an iso9660 NoCloud drive works too; datasource=nocloud leaves config-2 out
        cidata_iso = iso(f"{tmp}/cidata.iso", "cidata", {"meta-data": meta_data(md_pub), "user-data": "#!/bin/sh\n"})
        with Vm(out, ssh=True, disks=[cidata_iso, config2],
                append="console=ttyS0 loglevel=4 lifeboat.datasource=nocloud,cloudinit") as v:
            banner = v.ready()
            check("lifeboat.datasource: cloudinit is none of" in v.text(), "an unknown datasource name not reported")
            check("1 key(s): NoCloud drive 1" in banner, f"iso NoCloud drive not read:\n{banner}")
            rc, text = v.ssh(md, "true")
            check(rc == 0, f"ssh with the iso drive's key: {rc} {text}")
            rc, text = v.ssh(os_, "true")
            check(rc == 255 and "Permission denied" in text, f"config-2 read despite datasource=nocloud: {rc} {text}")
