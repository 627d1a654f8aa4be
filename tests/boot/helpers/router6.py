"""A tiny IPv6 router on a QEMU socket netdev (-netdev socket,udp=…,localaddr=…):
it answers router solicitations with an advertisement for PREFIX (SLAAC) whose
M and O flags the test chooses, and answers DHCPv6 (solicit, request, renew,
information-request) with ADDRESS and DNS. Frames travel as UDP datagrams on
127.0.0.1, one Ethernet frame each. For tests only."""
import ipaddress
import socket
import struct
import threading

ROUTER_MAC = bytes.fromhex("5254000000fe")
ROUTER_LL = ipaddress.IPv6Address("fe80::fe")
PREFIX = ipaddress.IPv6Network("2001:db8:1::/64")
ADDRESS = ipaddress.IPv6Address("2001:db8:1::1234")
DNS = ipaddress.IPv6Address("2001:db8::53")
SERVER_DUID = struct.pack("!HH", 3, 1) + ROUTER_MAC   # DUID-LL


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv6(src, dst, nh, payload, hops=255):
    pseudo = src.packed + dst.packed + struct.pack("!I3xB", len(payload), nh)
    if nh == 58:      # ICMPv6: checksum at offset 2
        payload = payload[:2] + struct.pack("!H", checksum(pseudo + payload)) + payload[4:]
    else:             # UDP: checksum at offset 6
        payload = payload[:6] + struct.pack("!H", checksum(pseudo + payload) or 0xFFFF) + payload[8:]
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, hops) + src.packed + dst.packed + payload


class Router6:
    def __init__(self, managed, other):
        self.flags = (0x80 if managed else 0) | (0x40 if other else 0)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            self.qemu_port = s.getsockname()[1]
        self.seen = []            # DHCPv6 message types received
        self.stop = False
        threading.Thread(target=self.loop, daemon=True).start()

    def netdev(self, name):
        return f"socket,id={name},udp=127.0.0.1:{self.port},localaddr=127.0.0.1:{self.qemu_port}"

    def send(self, dst_mac, packet):
        self.sock.sendto(dst_mac + ROUTER_MAC + b"\x86\xdd" + packet, ("127.0.0.1", self.qemu_port))

    def advertise(self, dst_mac=bytes.fromhex("333300000001"), dst=ipaddress.IPv6Address("ff02::1")):
        ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, self.flags, 0, 0, 0)
        ra += struct.pack("!BB", 1, 1) + ROUTER_MAC
        ra += struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0) + PREFIX.network_address.packed
        self.send(dst_mac, ipv6(ROUTER_LL, dst, 58, ra))

    def dhcp(self, mac, src, msg):
        kind, xid = msg[0], msg[1:4]
        self.seen.append(kind)
        opts, i, client = {}, 4, None
        while i + 4 <= len(msg):
            code, length = struct.unpack("!HH", msg[i:i + 4])
            opts[code] = msg[i + 4:i + 4 + length]
            i += 4 + length
        client = opts.get(1)
        if client is None:
            return
        reply = {1: 2, 3: 7, 5: 7, 6: 7, 11: 7}.get(kind)   # solicit->advertise, the rest->reply
        if reply is None:
            return
        body = struct.pack("!HH", 1, len(client)) + client + struct.pack("!HH", 2, len(SERVER_DUID)) + SERVER_DUID
        if kind != 11 and 3 in opts:
            iaid = opts[3][:4]
            iaaddr = ADDRESS.packed + struct.pack("!II", 14400, 86400)
            ia = iaid + struct.pack("!II", 3600, 5400) + struct.pack("!HH", 5, len(iaaddr)) + iaaddr
            body += struct.pack("!HH", 3, len(ia)) + ia
        body += struct.pack("!HH", 23, 16) + DNS.packed
        payload = bytes([reply]) + xid + body
        udp = struct.pack("!HHHH", 547, 546, 8 + len(payload), 0) + payload
        self.send(mac, ipv6(ROUTER_LL, src, 17, udp))

    def loop(self):
        self.sock.settimeout(1)
        while not self.stop:
            try:
                frame, _ = self.sock.recvfrom(65536)
                if self.stop:
                    return
            except socket.timeout:
                if self.stop:
                    return
                try:
                    self.advertise()
                except OSError:
                    return  # closed under it: the test is over
                continue
            except OSError:
                return  # closed by close() while waiting
            if len(frame) < 54 or frame[12:14] != b"\x86\xdd":
                continue
            mac, ip = frame[6:12], frame[14:]
            nh, src = ip[6], ipaddress.IPv6Address(ip[8:24])
            payload = ip[40:]
            if nh == 58 and payload[0] == 133:
                self.advertise()
            elif nh == 17 and struct.unpack("!H", payload[2:4])[0] == 547:
                self.dhcp(mac, src, payload[8:])

    def close(self):
        self.stop = True
        self.sock.close()
