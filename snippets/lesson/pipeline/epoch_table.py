from lrlab.pipeline import (
    TRACE_HEADERS,
    observations,
    run_pipeline,
    trace_rows,
)
from lrlab.tables import table

# SGD from lr 0.1, StepLR(step_size=5, gamma=0.5), 15 epochs, batches of 32.
run = run_pipeline()
notes = observations(run.records)
rows = [(*cells, note) for cells, note in zip(trace_rows(run.records), notes)]
headers = (*TRACE_HEADERS, "note")
print(table(headers, rows, "markdown", align="rrrrrl"))
