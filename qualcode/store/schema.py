"""The store's schema as an ordered list of migrations; PRAGMA user_version counts them."""

MIGRATIONS: tuple[str, ...] = (
    # 1: the foundation schema
    """
    CREATE TABLE cases (
        id          TEXT PRIMARY KEY,
        attributes  TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE sources (
        id           TEXT PRIMARY KEY,
        path         TEXT NOT NULL UNIQUE,
        sha256       TEXT NOT NULL,
        text         TEXT NOT NULL,
        source_type  TEXT NOT NULL,
        language     TEXT NOT NULL,
        date         TEXT,
        case_id      TEXT REFERENCES cases(id),
        attributes   TEXT NOT NULL DEFAULT '{}',
        ingested_at  TEXT NOT NULL
    );
    CREATE TABLE segments (
        id         TEXT PRIMARY KEY,
        source_id  TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        ordinal    INTEGER NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        speaker    TEXT,
        timestamp  TEXT,
        codable    INTEGER NOT NULL DEFAULT 1,
        text_sha   TEXT NOT NULL,
        UNIQUE (source_id, ordinal),
        CHECK (start <= end)
    );
    CREATE INDEX segments_by_text ON segments(source_id, text_sha);
    CREATE TABLE codings (
        id          INTEGER PRIMARY KEY,
        segment_id  TEXT NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        code_id     TEXT NOT NULL,
        coder       TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('auto', 'manual', 'imported')),
        status      TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
        score       REAL NOT NULL DEFAULT 0,
        matched     TEXT NOT NULL DEFAULT '[]',
        memo        TEXT,
        codebook_version TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        UNIQUE (segment_id, code_id, coder)
    );
    CREATE INDEX codings_by_code ON codings(code_id);
    -- Codings whose segment text changed on re-ingest: kept, never dropped silently.
    CREATE TABLE orphan_codings (
        id            INTEGER PRIMARY KEY,
        source_id     TEXT NOT NULL,
        segment_text  TEXT NOT NULL,
        code_id       TEXT NOT NULL,
        coder         TEXT NOT NULL,
        origin        TEXT NOT NULL,
        status        TEXT NOT NULL,
        score         REAL NOT NULL,
        matched       TEXT NOT NULL,
        memo          TEXT,
        orphaned_at   TEXT NOT NULL
    );
    CREATE TABLE memos (
        id           INTEGER PRIMARY KEY,
        target_kind  TEXT NOT NULL CHECK (target_kind IN
                       ('project', 'source', 'case', 'code', 'coding', 'segment', 'display')),
        target_id    TEXT NOT NULL DEFAULT '',
        author       TEXT NOT NULL,
        text         TEXT NOT NULL,
        created_at   TEXT NOT NULL
    );
    CREATE TABLE codebook_versions (
        version    TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        yaml       TEXT NOT NULL,
        loaded_at  TEXT NOT NULL
    );
    """,
    # 2: every coding decision, with the state before and after, for undo and the audit trail
    """
    CREATE TABLE decisions (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        coder       TEXT NOT NULL,
        segment_id  TEXT NOT NULL,
        code_id     TEXT NOT NULL,
        action      TEXT NOT NULL,
        before      TEXT,
        after       TEXT,
        undone      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX decisions_by_coder ON decisions(coder, id);
    CREATE INDEX memos_by_target ON memos(target_kind, target_id);
    -- matched terms became objects with spans; old string lists are re-made by `code auto`
    UPDATE codings SET matched = '[]' WHERE matched NOT LIKE '[{%';
    UPDATE orphan_codings SET matched = '[]' WHERE matched NOT LIKE '[{%';
    """,
    # 3: named samples of segments for double coding
    """
    CREATE TABLE samples (
        name        TEXT NOT NULL,
        segment_id  TEXT NOT NULL,
        PRIMARY KEY (name, segment_id)
    );
    """,
    # 4: codings of a span of text rather than a whole segment (REFI-QDA imports): a span inside
    #    one segment also codes that segment (segment_id); one across or outside segments is
    #    kept here alone. Never dropped, exported back as it came.
    """
    CREATE TABLE span_codings (
        id          INTEGER PRIMARY KEY,
        source_id   TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start       INTEGER NOT NULL,
        end         INTEGER NOT NULL,
        segment_id  TEXT,
        text        TEXT NOT NULL,   -- the coded text, to notice when a re-ingest moved it
        code_id     TEXT NOT NULL,
        coder       TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('auto', 'manual', 'imported')),
        status      TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
        memo        TEXT,
        created_at  TEXT NOT NULL,
        UNIQUE (source_id, start, end, code_id, coder),
        CHECK (start <= end)
    );
    CREATE INDEX span_codings_by_segment ON span_codings(segment_id, code_id, coder);
    """,
    # 5: assertions written by the researcher (machine drafts are recomputed each run)
    """
    CREATE TABLE assertions (
        id          TEXT PRIMARY KEY,
        statement   TEXT NOT NULL,
        codes       TEXT NOT NULL,
        contrary    TEXT NOT NULL DEFAULT '[]',
        rival       TEXT,
        if_code     TEXT,
        then_code   TEXT,
        author      TEXT NOT NULL,
        verdict     TEXT CHECK (verdict IN ('supported', 'modified', 'rejected')),
        verdict_memo TEXT,
        created_at  TEXT NOT NULL
    );
    """,
    # 6: decisions made by one key press share a batch, so undo takes them back together
    """
    ALTER TABLE decisions ADD COLUMN batch INTEGER;
    UPDATE decisions SET batch = id;
    """,
    # 7: coder-file lines a merge could not place (kept, never dropped), and agreement results
    #    for the report
    """
    CREATE TABLE merge_quarantine (
        id              INTEGER PRIMARY KEY,
        record_sha      TEXT NOT NULL UNIQUE,  -- sha256 of the line's canonical JSON: merging twice adds nothing
        coder           TEXT NOT NULL,
        code_id         TEXT,
        decision        TEXT NOT NULL,
        source_path     TEXT NOT NULL,
        reason          TEXT NOT NULL,
        record          TEXT NOT NULL,         -- the line, canonical JSON, to place by hand or merge again
        file            TEXT NOT NULL,         -- where it first came from
        line            INTEGER NOT NULL,
        quarantined_at  TEXT NOT NULL
    );
    CREATE TABLE agreement_results (
        id             INTEGER PRIMARY KEY,
        coders         TEXT NOT NULL,              -- JSON list, in the order given
        unit           TEXT NOT NULL,
        sample         TEXT NOT NULL DEFAULT '',   -- '' = no sample
        codes          TEXT NOT NULL DEFAULT '',   -- JSON list of the codes asked for; '' = every code
        n_units        INTEGER NOT NULL,
        percent        REAL,                       -- NULL = undefined
        cohen_kappa    REAL,
        bp_kappa       REAL,
        alpha_nominal  REAL,
        band_kappa     TEXT NOT NULL,
        band_alpha     TEXT NOT NULL,
        per_code       TEXT NOT NULL,              -- JSON list of per-code rows
        consensus      TEXT NOT NULL DEFAULT '[]', -- JSON list of compared coders made by `agree resolve`
        measured_at    TEXT NOT NULL,
        UNIQUE (coders, unit, sample, codes)
    );
    """,
    # 8: an orphan's number is never given to another (AUTOINCREMENT): `code reattach 3` and
    #    `drop-orphan 3` must not name a coding orphaned since the list was read
    """
    CREATE TABLE orphan_codings_numbered (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id     TEXT NOT NULL,
        segment_text  TEXT NOT NULL,
        code_id       TEXT NOT NULL,
        coder         TEXT NOT NULL,
        origin        TEXT NOT NULL,
        status        TEXT NOT NULL,
        score         REAL NOT NULL,
        matched       TEXT NOT NULL,
        memo          TEXT,
        orphaned_at   TEXT NOT NULL
    );
    INSERT INTO orphan_codings_numbered (id, source_id, segment_text, code_id, coder, origin, status, score,
                                         matched, memo, orphaned_at)
        SELECT id, source_id, segment_text, code_id, coder, origin, status, score, matched, memo, orphaned_at
        FROM orphan_codings;
    DROP TABLE orphan_codings;
    ALTER TABLE orphan_codings_numbered RENAME TO orphan_codings;
    """,
    # 9: how many rows each table (a survey, a complaint archive) had, and how many of them the
    #    ingest left out as holding no answer: the method says "300 rows, 15 without an answer"
    """
    CREATE TABLE table_reads (
        path      TEXT PRIMARY KEY,         -- the table's path, as its rows' sources name it
        rows      INTEGER NOT NULL,         -- data rows below the header
        left_out  INTEGER NOT NULL          -- rows with no answer in the text columns
    );
    """,
    # 10: a group discussion's participants are cases of their own: a segment names its
    #     speaker's case (NULL: its source's)
    """
    ALTER TABLE segments ADD COLUMN case_id TEXT;
    """,
    # 11: how many of a sample's segments each coder had not looked at when agreement was
    #     measured (JSON: coder -> [not looked at, sample size]): they count as coded with
    #     nothing, which the report says beside the figures
    """
    ALTER TABLE agreement_results ADD COLUMN unseen TEXT NOT NULL DEFAULT '{}';
    """,
    # 12: codings by code and coder, which answers people's codings per code (`status`, and
    #     after every `code auto`) from the index alone: 17 ms on 18,000 codings, now 1 ms
    """
    DROP INDEX codings_by_code;
    CREATE INDEX codings_by_code ON codings(code_id, coder);
    """,
    # 13: the ids codes had before `codebook rename` or `merge`: a coder file written on a
    #     copy made before the change names the old id, and its lines go to the new one
    """
    CREATE TABLE code_renames (
        old         TEXT PRIMARY KEY,
        new         TEXT NOT NULL,
        renamed_at  TEXT NOT NULL
    );
    """,
)
