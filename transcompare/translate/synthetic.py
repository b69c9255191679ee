"""Build random-weight argos packages (for tests and benchmarks only; their translations are noise).

A package is a zip (``.argosmodel``) of one folder holding ``metadata.json``, a CTranslate2 Transformer in
``model/`` and a SentencePiece model trained on the text given. Small ones build in well under a second;
``bench/translate.py`` builds one of real argos size (6+6 layers, d_model 512, ffn 2048, 8 heads, ~32k vocab).
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path


def train_sentencepiece(lines: list[str], vocab_size: int, seed_model: str = "unigram",
                        symbols: list[str] | None = None) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=buf, vocab_size=vocab_size, model_type=seed_model,
        character_coverage=1.0, hard_vocab_limit=False, num_threads=2, minloglevel=2,
        input_sentence_size=0, shuffle_input_sentence=False, user_defined_symbols=symbols or [])
    return buf.getvalue()


def build_model_dir(out: Path, vocab: list[str], *, layers: int = 1, d_model: int = 32, ffn: int = 64,
                    heads: int = 2, seed: int = 0, quantization: str | None = None, eos_bias: float = 0.0) -> None:
    """Write a CTranslate2 Transformer with random weights and a shared vocabulary to ``out``."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d, v = d_model, len(vocab)

    def w(*shape: int, scale: float | None = None):
        return rng.normal(0.0, scale if scale is not None else 1.0 / np.sqrt(shape[-1]), shape).astype(np.float32)

    def norm(ln) -> None:
        ln.gamma = np.ones(d, np.float32)
        ln.beta = np.zeros(d, np.float32)

    def linear(lin, n_out: int, n_in: int) -> None:
        lin.weight = w(n_out, n_in)
        lin.bias = np.zeros(n_out, np.float32)

    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)
    spec.encoder.embeddings[0].weight = w(v, d, scale=1.0 / np.sqrt(d))
    spec.decoder.embeddings.weight = w(v, d, scale=1.0 / np.sqrt(d))
    norm(spec.encoder.layer_norm)
    norm(spec.decoder.layer_norm)
    for layer in spec.encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, ffn, d)
        linear(layer.ffn.linear_1, d, ffn)
    for layer in spec.decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, ffn, d)
        linear(layer.ffn.linear_1, d, ffn)
    spec.decoder.projection.weight = w(v, d)
    bias = np.zeros(v, np.float32)
    if "</s>" in vocab:
        bias[vocab.index("</s>")] = eos_bias
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    out.mkdir(parents=True, exist_ok=True)
    spec.save(str(out))


def build_package(dest: Path, from_code: str, to_code: str, lines: list[str], *, vocab_size: int = 400,
                  layers: int = 1, d_model: int = 32, ffn: int = 64, heads: int = 2, seed: int = 0,
                  quantization: str | None = None, eos_bias: float = 0.0, package_version: str = "1.0",
                  target_prefix: str = "") -> Path:
    """Write ``dest`` (an ``.argosmodel`` zip) holding a random-weight package; returns ``dest``."""
    import sentencepiece as spm

    # like multilingual argos packages, the target prefix token is a symbol of the tokenizer and model vocabulary
    sp_bytes = train_sentencepiece(lines, vocab_size, symbols=[target_prefix] if target_prefix else None)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    top = f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    metadata = {
        "package_version": package_version, "argos_version": "1.0", "from_code": from_code,
        "from_name": from_code, "to_code": to_code, "to_name": to_code, "type": "translate",
        "note": "random weights built by transcompare.translate.synthetic (tests/benchmarks); output is noise",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        build_model_dir(model_dir, vocab, layers=layers, d_model=d_model, ffn=ffn, heads=heads, seed=seed,
                        quantization=quantization, eos_bias=eos_bias)
        dest.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr(f"{top}/metadata.json", json.dumps(metadata, indent=2))
            zf.writestr(f"{top}/sentencepiece.model", sp_bytes)
            zf.writestr(f"{top}/README.md", "Random-weight test package; translations are noise.\n")
            for f in sorted(model_dir.iterdir()):
                zf.write(f, f"{top}/model/{f.name}")
    return dest
