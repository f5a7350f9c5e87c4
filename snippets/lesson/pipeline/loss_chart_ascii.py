from lrlab.ascii_chart import ascii_chart
from lrlab.pipeline import run_pipeline, shown_losses

run = run_pipeline()
print("train loss")
print(ascii_chart(shown_losses(run.records)))
