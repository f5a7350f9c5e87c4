from lrlab.digits import branch_cooldowns, load_data

# One constant-rate run (SGD, lr 0.1), with a linear cooldown over the last
# 20 % branched off it for each budget the run might be given.
budgets = [100, 200, 300]
data = load_data(0)
branches, trained = branch_cooldowns(data, 0.1, budgets, cooldown=0.2)
for branch in branches:
    print(
        f"budget {branch.total}: branch at step {branch.at},"
        f" cooldown {branch.length} steps,"
        f" test accuracy {branch.test_acc:.3f}"
    )
print(f"one run per budget would train {sum(budgets)} steps")
print(trained)
