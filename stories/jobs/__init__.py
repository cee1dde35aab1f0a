"""The job machinery every app's slow work runs on.

Read `lifecycle` top to bottom for a job's life: create, dispatch, claim, run under its time
limit, finish / fail / retry, and the sweep that recovers what a broker or a worker lost.
`kinds` is the registry each app declares its kinds in; `accounting` what an attempt records
(usage, ledger spend, the outcome log line); `waiting` is how a command waits on jobs.
"""
