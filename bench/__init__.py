"""Side-by-side benchmarks of lamina against TensorFlow, JAX and PyTorch; see README.md."""
