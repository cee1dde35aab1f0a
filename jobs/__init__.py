"""The job machinery every app's slow work runs on; it names no app and no story model.

Read `lifecycle` top to bottom for a job's life: create, dispatch, claim, run under its time
limit, fail or retry; `committing` is the one commit step every kind ends with; `sweep` the
one recovery path. `registry` is where each app declares its kinds (task, time limit, cost
basis, hooks); `accounting` what an attempt records (usage, ledger spend, the outcome log
line); `waiting` how a command waits on jobs. `views`/`serializers` are the job routes and
the 202 every app answers a started job with.
"""
