from lrlab.pipeline import data_flow, run_pipeline

# Every shape and value below is read off the run's own tensors and modules.
run = run_pipeline()
for number, stage in enumerate(data_flow(run), start=1):
    print(f"{number}. **{stage.name}**: {stage.action}.  ")
    shapes = f"in: {stage.shape_in} · out: {stage.shape_out}"
    print(f"   {shapes} · {stage.example}")
