-- wrk script: log in as the demo agent (argon2id verification on every request).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"jan.agent@loket.example","password":"loket-demo-2026"}'
