-- wrk script: POST a new ticket per request with the token from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format(
    '{"subject":"Foutmelding bij het afdrukken %d","description":"De kassa geeft foutmelding %d bij het openen van de lade."}',
    counter, counter)
  return wrk.format(nil, nil, nil, body)
end
