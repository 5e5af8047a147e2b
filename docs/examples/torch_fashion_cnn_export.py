# PyTorch 1.13 beside jgrad from the same start: as torch_fashion_cnn.py (one thread), and it also writes PyTorch's
# initial weights and the five epochs' batch orders to a safetensors file, which FashionCnnFromTorch.java trains jgrad
# from. Prints the loss after some steps and the test accuracy per epoch, as that program does.
#   /usr/bin/python3 docs/examples/torch_fashion_cnn_export.py 42 /tmp/torch42.safetensors
import gzip, json, struct, sys, time
import numpy as np, torch
seed, out = int(sys.argv[1]), sys.argv[2]
torch.manual_seed(seed)
torch.set_num_threads(1)
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
tensors = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
state = torch.get_rng_state()
perms = [torch.randperm(60000) for _ in range(5)]
torch.set_rng_state(state)  # the training loop below draws the same orders again
for e, p in enumerate(perms):
    tensors["perm%d" % e] = p.numpy().astype(np.float64)  # safetensors F64: indices below 2^53 are exact
header, blobs, off = {}, [], 0
for k, a in tensors.items():
    b = a.tobytes()
    header[k] = {"dtype": "F32" if a.dtype == np.float32 else "F64", "shape": list(a.shape),
                 "data_offsets": [off, off + len(b)]}
    blobs.append(b)
    off += len(b)
h = json.dumps(header).encode()
h += b" " * ((8 - len(h) % 8) % 8)
with open(out, "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
step = 0
for epoch in range(5):
    start = time.perf_counter()
    model.train()
    perm = torch.randperm(60000)
    assert torch.equal(perm, perms[epoch])
    for idxs in perm.split(64):
        loss = loss_fn(model(xtr[idxs]), ytr[idxs])
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step in (1, 2, 3, 10, 100, 1000) or step % 938 == 0:
            print(f"step {step} loss {loss.item():.6f}", flush=True)
    seconds = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        acc = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000))
    print(f"epoch {epoch + 1} test accuracy {acc / 100:.2f}% ({seconds:.1f} s)", flush=True)
