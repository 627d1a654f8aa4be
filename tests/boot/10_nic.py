"""No network interface is reported in the banner, never fatal; a NIC that is there is listed."""
from vm import Vm, check


def run(out):
    with Vm(out, nic=False) as v:
        banner = v.ready()
        check("network   none: no network interface found" in banner, f"no-NIC not reported:\n{banner}")
    with Vm(out) as v:
        banner = v.ready()
        check("network   eth0 52:54:00:12:34:56" in banner, f"NIC not listed:\n{banner}")
