# PyTorch 1.13 beside jgrad: torch_bench.py's cnn net on Fashion-MNIST, Adam 1e-3, batch 64, 5 epochs, seed 42, /255
import gzip, time, sys
import numpy as np, torch
torch.manual_seed(42)
torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
def idx(name):
    with gzip.open("/usr/share/datasets/fashion-mnist/" + name, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)
xtr = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32).reshape(-1, 1, 28, 28) / 255
ytr = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.long)
xte = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).reshape(-1, 1, 28, 28) / 255
yte = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
nn = torch.nn
model = nn.Sequential(nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(32 * 7 * 7, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(5):
    start = time.perf_counter()
    model.train()
    for idxs in torch.randperm(60000).split(64):
        loss = loss_fn(model(xtr[idxs]), ytr[idxs])
        opt.zero_grad()
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        acc = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000))
    print(f"epoch {epoch + 1} test accuracy {acc / 100:.2f}% ({seconds:.1f} s)", flush=True)
