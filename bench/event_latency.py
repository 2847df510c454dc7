"""Event latency: from a write's acknowledgement to its event on an open stream.

    python3 bench/event_latency.py BASE AGENT_TOKEN CUSTOMER_TOKEN SECONDS [INTERVAL_MS]

Holds `GET /api/v1/events/stream` open as the agent and, for SECONDS, files a ticket as the
customer every INTERVAL_MS (default 50) beside whatever load runs at the same time (bench/run.sh
runs it during the 16-client creates). For each probe ticket it takes the moment its
`POST /api/v1/tickets` answered 201 and the moment its `ticket.created` frame arrived, both on
this process's monotonic clock, and prints "p50 p99 max samples" in milliseconds. A frame that
arrives before the answer is read counts as 0. Standard library only.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    base, agent, customer, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    interval = (float(sys.argv[5]) if len(sys.argv) > 5 else 50) / 1000
    url = urllib.parse.urlsplit(base)
    received = {}  # reference -> monotonic time of its ticket.created frame
    lock = threading.Lock()

    stream = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    stream.request("GET", "/api/v1/events/stream", headers={"Authorization": f"Bearer {agent}"})
    response = stream.getresponse()
    if response.status != 200:
        sys.exit(f"the stream answered {response.status}: {response.read()[:300]!r}")

    def read_stream():
        event = None
        for raw in response:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "ticket.created":
                at = time.monotonic()
                with lock:
                    received.setdefault(json.loads(line[6:])["reference"], at)
            elif not line:
                event = None

    threading.Thread(target=read_stream, daemon=True).start()
    api = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    acknowledged = {}
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
        body = json.dumps({"subject": f"Latentieproef {n}", "description": "Meting van de live-update."})
        api.request("POST", "/api/v1/tickets", body=body, headers={
            "Authorization": f"Bearer {customer}", "Content-Type": "application/json"})
        answer = api.getresponse()
        text = answer.read()
        at = time.monotonic()
        if answer.status != 201:
            sys.exit(f"a probe was refused: {answer.status} {text[:300]!r}")
        acknowledged[json.loads(text)["ticket"]["reference"]] = at
        time.sleep(interval)
    # Every probe's event is due; wait for the last ones a little.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with lock:
            if all(ref in received for ref in acknowledged):
                break
        time.sleep(0.05)
    with lock:
        missing = [ref for ref in acknowledged if ref not in received]
        latencies = [max(0.0, received[ref] - at) * 1000 for ref, at in acknowledged.items() if ref in received]
    if missing:
        sys.exit(f"{len(missing)} of {len(acknowledged)} probe events never arrived (first: {missing[0]})")
    print(f"{percentile(latencies, 50):.0f} {percentile(latencies, 99):.0f} {max(latencies):.0f} {len(latencies)}")


if __name__ == "__main__":
    main()
