import inspect

from lrlab.pipeline import fit, run_pipeline

# The training loop this page runs, printed from the code itself.
print(inspect.getsource(run_pipeline))
print(inspect.getsource(fit))
