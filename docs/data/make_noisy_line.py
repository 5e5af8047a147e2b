# A two-class set that no line separates: 400 points whose label is a line's side plus a deterministic "noise"
# term, so the classes overlap. Writes noisy_line.csv (x1,x2,label; 6 decimals) and prints scikit-learn's
# unpenalised optimum on all rows, which NewtonsMethod (examples) and the tests compare with.
import math
import numpy as np
from sklearn.linear_model import LogisticRegression

rows = []
for i in range(400):
    x1 = round(2 * math.sin(1.3 * i + 0.4), 6)
    x2 = round(1.5 * math.cos(0.77 * i), 6)
    noise = 1.2 * math.sin(12.9898 * i)
    y = 1 if x1 - 0.8 * x2 + 0.3 + noise > 0 else 0
    rows.append((x1, x2, y))
with open("noisy_line.csv", "w") as f:
    f.write("x1,x2,label\n")
    for x1, x2, y in rows:
        f.write(f"{x1:.6f},{x2:.6f},{y}\n")
X = np.array([[r[0], r[1]] for r in rows])
y = np.array([r[2] for r in rows])
clf = LogisticRegression(penalty=None, tol=1e-14, max_iter=100000).fit(X, y)
z = X @ clf.coef_.ravel() + clf.intercept_[0]
loss = np.mean(np.logaddexp(0, z) - y * z)
print("coef", [repr(v) for v in clf.coef_.ravel()], "intercept", repr(clf.intercept_[0]), "loss", repr(loss))
print("classes", np.bincount(y))
