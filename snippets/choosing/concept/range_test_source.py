import inspect

from lrlab.digits import range_test

# The range test the big idea ran, printed from the code itself.
print(inspect.getsource(range_test))
