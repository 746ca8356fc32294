"""Semantic layer: both backends, configuration, offline guarantee, caching, labeled sets.

Expected values come from reading the wordings (研发支出占销售额比重 is a share of
R&D in sales, not sales), not from running the code.
"""
from __future__ import annotations

import math
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.semantic import SemanticBackendError, get_backend, resolve_config
from extractors.semantic.align import align_texts, map_metric, match_material, match_program
from extractors.semantic.lexical import LexicalEmbedder
from extractors.semantic.retrieval import MAX_CHARS, passages_of, top_passages
from models.document import Block, Document, Location

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "semantic"


@pytest.fixture
def lex():
    return LexicalEmbedder()


def make_doc(paragraphs: list[str], kinds: list[str] | None = None, source: str = "app.docx") -> Document:
    blocks, pos = [], 0
    for i, p in enumerate(paragraphs):
        kind = (kinds or [])[i] if kinds and i < len(kinds) else "paragraph"
        blocks.append(Block(id=i, kind=kind, text=p, start=pos, end=pos + len(p),
                            location=Location(file=source, paragraph=i), origin="docx"))
        pos += len(p) + 1
    return Document(source=source, format="docx", text="\n".join(paragraphs), blocks=blocks)


# --- configuration ------------------------------------------------------------

@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for var in ("SHENBAO_BACKEND", "SHENBAO_MODEL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_config_precedence(clean_env, monkeypatch):
    assert resolve_config() == ("lexical", None)
    (clean_env / "shenbao.toml").write_text('[semantic]\nbackend = "st"\nmodel = "/models/from-file"\n', "utf-8")
    assert resolve_config() == ("st", "/models/from-file")
    monkeypatch.setenv("SHENBAO_MODEL", "/models/from-env")
    assert resolve_config() == ("st", "/models/from-env")
    monkeypatch.setenv("SHENBAO_BACKEND", "lexical")
    assert resolve_config() == ("lexical", None)
    assert resolve_config("st", "/models/explicit") == ("st", "/models/explicit")
    with pytest.raises(SemanticBackendError):
        resolve_config("word2vec")


def test_user_config_file_and_model_implies_st(clean_env):
    cfg = clean_env / "xdg" / "shenbao"
    cfg.mkdir(parents=True)
    (cfg / "config.toml").write_text('[semantic]\nmodel = "/m/bge-small-zh"\n', "utf-8")
    assert resolve_config() == ("st", "/m/bge-small-zh")


def test_default_backend_is_lexical(clean_env):
    assert get_backend().name == "lexical"
    assert get_backend() is get_backend()  # built once per process


def test_lexical_does_not_import_torch():
    code = (
        "import sys\n"
        "import extractors.semantic as s\n"
        "from extractors.semantic.align import map_metric\n"
        "from extractors.semantic.retrieval import top_passages\n"
        "e = s.get_backend('lexical')\n"
        "e.similarity(['研发投入占营业收入比重'], ['研发费用占销售收入比例'])\n"
        "print(map_metric('知识产权管理岗位人员', e)[0])\n"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[-2] == "False False"


def test_missing_package_error_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import now fails
    from extractors.semantic.st_backend import STEmbedder

    with pytest.raises(SemanticBackendError) as exc:
        STEmbedder(str(tmp_path))
    assert "pip install torch==2.13.0" in str(exc.value) and "未安装" in str(exc.value)


def test_no_model_configured_error(clean_env):
    with pytest.raises(SemanticBackendError) as exc:
        get_backend("st")
    msg = str(exc.value)
    assert "--model" in msg and "SHENBAO_MODEL" in msg and "config.toml" in msg


# --- lexical backend ----------------------------------------------------------

def test_lexical_vectors_normalized_and_similarity_orders(lex):
    vecs = lex.encode(["诚信承诺书", "营业执照复印件"])
    for v in vecs:
        assert math.isclose(math.sqrt(sum(x * x for x in v.values())), 1.0, rel_tol=1e-9)
    sim = lex.similarity(["诚信承诺书"], ["信用承诺书", "营业执照", "审计报告"])[0]
    assert sim[0] > sim[1] and sim[0] > sim[2]
    assert math.isclose(lex.similarity(["研发水平处于行业领先地位"], ["研发水平处于行业领先地位"])[0][0], 1.0)


def test_map_metric_lexicon_first(lex):
    mid, conf, reason = map_metric("研究开发费用总额占同期销售收入总额的比例", lex)
    assert (mid, conf) == ("rd_expense_ratio", 1.0) and reason.startswith("lexicon:")
    # both sides of the share are lexicon amounts: the ratio is inferred from metrics.yaml
    assert map_metric("企业近三年研发经费支出占当年主营业务收入的比重不低于3%", lex)[0] == "rd_expense_ratio"


def test_map_metric_share_is_not_its_amount(lex):
    # 销售额 is a revenue alias, but the wording asks for R&D spending as a share of sales
    mid, conf, reason = map_metric("研发支出占销售额比重", lex)
    assert mid == "rd_expense_ratio" and conf < 1.0
    assert map_metric("企业研发投入占比达到4%以上", lex)[0] == "rd_expense_ratio"


def test_map_metric_by_similarity_keeps_reason(lex):
    mid, conf, reason = map_metric("知识产权管理岗位人员", lex)
    assert mid == "ip_staff" and 0 < conf < 1.0 and reason.startswith("similar to ")
    assert map_metric("配备知识产权专职工作人员不少于3名", lex)[0] == "ip_staff"
    assert map_metric("知识产权专项经费", lex)[0] == "ip_expense"


@pytest.mark.parametrize("text", ["知识产权管理制度比较健全", "有相对独立的知识产权管理机构", "具有独立法人资格",
                                  "近三年无严重失信行为"])
def test_map_metric_none_for_qualitative(lex, text):
    mid, conf, reason = map_metric(text, lex)
    assert mid is None and "低于阈值" in reason


def test_match_material(lex):
    assert match_material("诚信承诺书", lex) == ("credit_commitment", 1.0)
    assert match_material("营业执照复印件", lex) == ("business_license", 1.0)
    assert match_material("研发费用专项审计报告", lex)[0] == "rd_expense_proof"  # longest alias, not 审计报告
    assert match_material("联合体协议", lex)[0] == "cooperation_agreement"
    assert match_material("办公场地租赁合同", lex)[0] is None


def test_match_program(lex):
    programs = ["技术创新类", "产业链协同攻关类"]
    assert match_program("高价值专利培育计划（产业链协同攻关类）", programs, lex) == (1, 1.0)
    idx, score = match_program("产业链协同类项目", programs, lex)
    assert idx == 1 and score < 1.0
    assert match_program("地理标志运用促进工程", programs, lex)[0] is None
    assert match_program("技术创新类", [], lex) == (None, 0.0)


def test_align_texts(lex):
    old = ["申报单位应具有独立法人资格", "近三年研发费用占销售收入比例不低于3%", "有效发明专利不少于20件"]
    new = ["有效发明专利不少于20件", "申报单位须为具有独立法人资格的企业", "建立知识产权管理制度"]
    pairs = align_texts(old, new, lex, floor=0.3)
    assert (2, 0, 1.0) in pairs
    assert any(i == 0 and j == 1 for i, j, _ in pairs)
    assert not any(i == 1 for i, _, _ in pairs)  # the R&D clause was dropped
    assert len({j for _, j, _ in pairs}) == len(pairs)  # one-to-one


# --- retrieval ----------------------------------------------------------------

APP = [
    "二、研发基础",
    "公司建有省级工程技术研究中心，核心产品关键指标达到国际同类产品先进水平，国内市场占有率连续五年第一。",
    "三、知识产权工作基础",
    "公司设立知识产权部，配备专职知识产权管理人员4名，制定了《专利管理办法》《知识产权奖励办法》等12项制度。",
    "截至申报日，公司拥有有效专利186件，其中有效发明专利63件。",
    "四、信用情况。公司近三年无严重失信行为，未被列入经营异常名录。",
]


def test_passages_merge_short_blocks_and_keep_offsets():
    doc = make_doc(APP, ["heading", "paragraph", "heading", "paragraph", "paragraph", "paragraph"])
    spans = passages_of(doc)
    assert spans[0].text.startswith("二、研发基础") and "市场占有率" in spans[0].text
    assert spans[0].location == "第1段"
    for s in spans:
        assert doc.text[s.start:s.end] == s.text


def test_passages_table_rows_together_and_headings_open_passages():
    cells = [("研究开发费用（万元）", 0), ("9,328.80", 1), ("12,926.91", 2), ("知识产权费用（万元）", 0), ("704.12", 1)]
    texts = [c for c, _ in cells] + ["三、知识产权工作基础", "公司设立知识产权部，配备专职知识产权管理人员4名，并制定了多项管理制度。"]
    doc = make_doc(texts, ["table_cell"] * 5 + ["paragraph", "paragraph"])
    for i, (_, col) in enumerate(cells):
        doc.blocks[i].location = Location(file="app.docx", table=1, row=2 + i // 3, col=col)
    spans = passages_of(doc)
    assert spans[0].location == "表2第3行第1列" and "9,328.80" in spans[0].text and "12,926.91" in spans[0].text
    assert not any(s.text.endswith("三、知识产权工作基础") for s in spans)  # a heading is not a tail
    assert any(s.text.startswith("三、知识产权工作基础") and "知识产权部" in s.text for s in spans)


def test_passages_split_long_block():
    long = "。".join(f"第{i}项工作已经按照计划完成并通过了验收评审专家组的现场检查" for i in range(30)) + "。"
    spans = passages_of(make_doc([long]))
    assert len(spans) > 1 and all(len(s.text) <= MAX_CHARS for s in spans)
    assert "".join(s.text for s in spans) == long


def test_top_passages_finds_the_answer(lex):
    doc = make_doc(APP)
    hits = top_passages("知识产权管理制度比较健全", doc, k=2, embedder=lex)
    assert hits and "12项制度" in hits[0].text
    assert hits[0].location == "第3段" or hits[0].location == "第4段"
    assert doc.text[hits[0].start:hits[0].end] == hits[0].text
    assert hits[0].score >= (hits[1].score if len(hits) > 1 else 0)
    credit = top_passages("申报单位近三年无严重失信行为", doc, k=1, embedder=lex)
    assert "失信" in credit[0].text


def test_guide_conditions_encoded_once_per_guide(monkeypatch):
    """A batch of submissions against one guide featurizes each condition once."""
    import extractors.semantic.lexical as lexical

    calls: dict[str, int] = {}
    real = lexical.featurize

    def counting(text):
        calls[text] = calls.get(text, 0) + 1
        return real(text)

    monkeypatch.setattr(lexical, "featurize", counting)
    conditions = ["知识产权管理制度比较健全", "已建立产学研合作机制", "研发水平处于行业领先地位"]
    guide_cache: dict = {}
    emb = LexicalEmbedder()
    for n in range(3):
        doc = make_doc([p.replace("公司", f"申报单位{n}") for p in APP], source=f"app{n}.docx")
        for c in conditions:
            top_passages(c, doc, embedder=emb, cache=guide_cache)
    assert all(calls[c] == 1 for c in conditions)
    # a fresh embedder (e.g. another worker) reusing the guide cache re-encodes nothing of the guide
    other = LexicalEmbedder()
    other.similarity(conditions, ["任意文本"], cache=guide_cache)
    assert all(calls[c] == 1 for c in conditions)
    assert other.stats["featurized"] == 1  # only the new text


# --- labeled sets (the lexical backend must carry the default) ------------------

def test_lexical_on_labeled_sets():
    from evaluation.semantic_eval import evaluate_semantic

    m = evaluate_semantic(CORPUS, backends=("lexical",))["lexical"]
    cm, mp, cp = m["condition_metric"], m["material_pairs"], m["condition_passage"]
    assert cm["n"] >= 40 and mp["n"] >= 25 and cp["n"] >= 20
    assert cm["accuracy"] >= 0.8 and cm["null_accuracy"] >= 0.9
    assert cm["embedder_only_accuracy"] >= 0.75  # not carried by the lexicon alone
    assert mp["accuracy"] >= 0.7
    assert cp["recall@1"] >= 0.75 and cp["recall@3"] >= 0.9


# --- sentence-transformers backend (skipped without the optional extra) ---------

CHARS = sorted(set("研发投入占营业收入比重知识产权管理制度健全产学研合作机制诚信用承诺书营执照复印件有效专利"
                   "公司设立部配备专职人员名制定了办法等项近三年无严重失行为"))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    import warnings

    from transformers import BertConfig, BertModel, BertTokenizerFast
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
        except ImportError:
            from sentence_transformers.models import Pooling, Transformer
    from sentence_transformers import SentenceTransformer

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab = {t: i for i, t in enumerate(specials + CHARS)}
    tok = BertTokenizerFast(vocab=vocab, do_lower_case=True, tokenize_chinese_chars=True)  # a dict, not vocab_file
    ids = tok("研发投入")["input_ids"]
    assert tok.unk_token_id not in ids  # the silent all-[UNK] failure the issue warns about
    base = tmp_path_factory.mktemp("bert")
    cfg = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=64)
    BertModel(cfg).save_pretrained(base)
    tok.save_pretrained(base)
    tr = Transformer(str(base))
    dim = tr.get_embedding_dimension() if hasattr(tr, "get_embedding_dimension") else tr.get_word_embedding_dimension()
    out = tmp_path_factory.mktemp("st") / "tiny-zh"
    SentenceTransformer(modules=[tr, Pooling(dim, "mean")], device="cpu").save(str(out))
    return out


def test_st_loads_local_model_and_encodes(tiny_model):
    emb = get_backend("st", str(tiny_model))
    assert emb.name == "st"
    tok = emb.model.tokenizer
    assert tok.unk_token_id not in tok("知识产权管理制度健全", add_special_tokens=False)["input_ids"]
    vecs = emb.encode(["研发投入占营业收入比重", "诚信承诺书"])
    assert len(vecs) == 2 and len(vecs[0]) == 32
    assert all(math.isclose(math.sqrt(sum(x * x for x in v)), 1.0, rel_tol=1e-4) for v in vecs)
    sim = emb.similarity(["诚信承诺书"], ["诚信承诺书", "有效专利"])
    assert math.isclose(sim[0][0], 1.0, rel_tol=1e-4) and sim[0][0] >= sim[0][1]
    # the same commands run on it: the helpers accept any Embedder
    assert match_material("诚信承诺书", emb) == ("credit_commitment", 1.0)
    hits = top_passages("知识产权管理制度健全", make_doc(APP), k=2, embedder=emb)
    assert len(hits) <= 2 and all(h.location for h in hits)


def test_st_caches_guide_conditions(tiny_model):
    from extractors.semantic.st_backend import STEmbedder

    emb = STEmbedder(str(tiny_model))
    conditions = ["知识产权管理制度健全", "产学研合作机制"]
    cache: dict = {}
    for n in range(3):
        doc = make_doc([p + str(n) for p in APP])
        for c in conditions:
            top_passages(c, doc, embedder=emb, cache=cache)
    # every text encoded once: 2 conditions + the passages of 3 documents, nothing twice
    n_passages = sum(len(passages_of(make_doc([p + str(n) for p in APP]))) for n in range(3))
    assert emb.stats["encoded"] == len(conditions) + n_passages


def test_st_missing_model_is_clear_error(tiny_model, tmp_path):
    with pytest.raises(SemanticBackendError) as exc:
        get_backend("st", str(tmp_path / "no-such-model"))
    assert "SHENBAO_MODEL" in str(exc.value) and "--model" in str(exc.value)


def test_offline_no_network_attempted(tiny_model, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from extractors.semantic.st_backend import STEmbedder

    emb = STEmbedder(str(tiny_model))  # fresh load, not the cached instance
    emb.similarity(["研发投入"], ["营业收入"])
    with pytest.raises(SemanticBackendError):
        STEmbedder("BAAI/bge-small-zh-v1.5")  # a hub name not on disk: error, no download
    LexicalEmbedder().similarity(["研发投入"], ["营业收入"])
    map_metric("知识产权管理岗位人员", LexicalEmbedder())
    assert attempts == []
