-- wrk script for bench/intake.sh: every request opens a case with the customer's first
-- message (which the server reads for sentiment and priority).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AMENDS_BENCH_TOKEN")
wrk.body = '{"customer_id": 1, "channel": "email", "subject": "Parcel two weeks late", '
  .. '"first_message": {"body": "This is the third time I write. Where is my parcel? '
  .. 'If it is not here by Friday I am cancelling my account."}}'
