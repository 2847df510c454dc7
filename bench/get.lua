-- wrk script: GET with the token from the environment.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
