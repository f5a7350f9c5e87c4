import inspect

from lrlab.digits import wsd_factor

# The schedule the trace uses, printed from the code itself.
print(inspect.getsource(wsd_factor))
