import inspect

from lrlab.pipeline import fit

# The training loop the two programs above call, printed from the code itself.
print(inspect.getsource(fit))
