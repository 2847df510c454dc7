"""Writes the stored ids and references of the demo server that scripts/fuzz_hooks.py swaps into
generated requests: `python3 fuzz_known.py <base url> <admin access token> <output file>`."""
import json
import sys
import urllib.request

base, token, out = sys.argv[1:4]


def get(path):
    request = urllib.request.Request(f"{base}/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


known = {
    "organizations": [o["id"] for o in get("/organizations?limit=200")["items"]],
    "agents": [u["id"] for role in ("agent", "admin") for u in get(f"/users?role={role}&limit=200")["items"]],
    "customers": [u["id"] for role in ("customer", "customer_admin") for u in get(f"/users?role={role}&limit=200")["items"]],
    "tickets": [t["reference"] for t in get("/tickets?limit=200")["items"]],
    "schedules": [s["code"] for s in get("/schedules")["items"]],
    "subjects": [s["code"] for s in get("/billing/coverage")["items"]],
}
# Free one-hour slots of the interventions schedule in a week far enough ahead to stay free.
slots = get("/schedules/interventions/slots?from=2027-03-01&to=2027-03-05&minutes=60")["slots"]
known["slots"] = [slot["start"] for slot in slots]
known["users"] = known["agents"] + known["customers"]
for kind, values in known.items():
    if not values:
        sys.exit(f"the demo data has no {kind}")
with open(out, "w") as f:
    json.dump(known, f)
