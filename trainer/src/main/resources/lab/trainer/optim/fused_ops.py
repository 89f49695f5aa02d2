# TorchScript source of the module TorchScript.java packs and loads (class __torch__.FusedOps).
# It reaches PyTorch's multi-tensor kernels, which DJL does not expose: one call per parameter
# group instead of about ten native ops per tensor. Parameters stay DJL NDArrays passed in as lists.
class FusedOps(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.FusedOps, x: Tensor) -> Tensor:
    return x
  # Sum over tensors of the squared L2 norm: the square of the global gradient norm used for
  # clipping (Pascanu et al. 2013).
  def sum_of_squares(self: __torch__.FusedOps, grads: List[Tensor]) -> Tensor:
    norms = torch._foreach_norm(grads, 2)
    return torch.sum(torch.pow(torch.stack(norms), 2))
  # AdamW (Loshchilov and Hutter 2019, Algorithm 2): counts the step, runs PyTorch's fused kernel
  # (which divides each gradient by grad_scale first), then zeroes the gradients.
  def adamw(self: __torch__.FusedOps, params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor], steps: List[Tensor], lr: float, beta1: float, beta2: float, weight_decay: float, eps: float, grad_scale: Tensor) -> Tensor:
    torch._foreach_add_(steps, 1.)
    torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, annotate(List[Tensor], []), steps, lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False, grad_scale=grad_scale, found_inf=None)
    torch._foreach_zero_(grads)
    return grad_scale
