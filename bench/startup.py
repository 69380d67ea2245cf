#!/usr/bin/env python3
"""Start-up probe: spawns `BINARY server` for each binary given, sends
LSP `initialize`, and prints the median and minimum time to its answer
over 25 runs (`python3 bench/startup.py target/release/casenote`)."""
import subprocess, time, json, sys, statistics
def frame(obj):
    b=json.dumps(obj).encode(); return b'Content-Length: %d\r\n\r\n' % len(b) + b
def once(binary):
    t0=time.perf_counter()
    p=subprocess.Popen([binary,'server'],stdin=subprocess.PIPE,stdout=subprocess.PIPE,stderr=subprocess.DEVNULL)
    p.stdin.write(frame({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":None,"capabilities":{}}})); p.stdin.flush()
    buf=b''
    while b'"id":1' not in buf:
        buf+=p.stdout.read1(65536)
    t=time.perf_counter()-t0
    p.kill(); p.wait()
    return t*1000
for b in sys.argv[1:]:
    xs=[once(b) for _ in range(25)]
    print(b, 'median %.1f ms, min %.1f ms' % (statistics.median(xs), min(xs)))
