import inspect

from lrlab import digits

# How lrlab.digits builds each schedule, printed from the code itself.
for name, build in digits.SCHEDULES.items():
    print(f"# {name}")
    print(inspect.getsource(build))
