#!/usr/bin/env python3
"""metadata.py LOG KEY...: answer one HTTP request on stdin/stdout the way an
EC2 instance metadata service does (IMDSv2 tokens required), appending the
request line to LOG. QEMU runs it for each guest connection (guestfwd=…-cmd:)."""
import sys

TOKEN = "lifeboat-test-token"


def main():
    # each key comes as "type:blob" (no blanks inside QEMU's option)
    log, keys = sys.argv[1], [k.replace(":", " ", 1) for k in sys.argv[2:]]
    head = b""
    while b"\r\n\r\n" not in head:
        c = sys.stdin.buffer.read1(4096)
        if not c:
            return
        head += c
    lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in lines[1:] if ":" in h)}
    with open(log, "a") as f:
        f.write(f"{method} {path} token={headers.get('x-aws-ec2-metadata-token', '-')}\n")
    status, body = 404, "Not Found"
    if method == "PUT" and path == "/latest/api/token":
        status, body = 200, TOKEN
    elif headers.get("x-aws-ec2-metadata-token") != TOKEN:
        status, body = 401, "Unauthorized"
    elif method == "GET" and path == "/latest/meta-data/public-keys/":
        status, body = 200, "\n".join(f"{i}=key{i}" for i in range(len(keys)))
    elif method == "GET" and path.startswith("/latest/meta-data/public-keys/") and path.endswith("/openssh-key"):
        i = path.split("/")[4]
        if i.isdigit() and int(i) < len(keys):
            status, body = 200, keys[int(i)] + "\n"
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found"}[status]
    data = body.encode()
    sys.stdout.buffer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
                            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
