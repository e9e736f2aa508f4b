-- Schema version 4. Applied once to an empty database; `meta.schema_version` records it.

-- One row per setting of the store itself (schema version, sample state).
create table if not exists meta (
    key varchar primary key,
    value varchar not null
);

-- One row per distinct original file ever received, content-addressed by sha256.
create table if not exists files (
    sha256 varchar primary key,
    size bigint not null,
    format varchar not null,
    first_name varchar not null,
    archive_path varchar not null,
    received_at timestamp not null
);

-- One row per version of one (district, period, form) return.
create table if not exists submissions (
    id integer primary key,
    district varchar not null,
    period varchar not null,
    form varchar not null,
    version integer not null,
    status varchar not null,            -- active | superseded | rolled_back
    file_name varchar not null,
    sheet varchar not null,
    sha256 varchar not null,
    content_hash varchar not null,      -- hash of the observations: same values = same content
    uploaded_by varchar not null,
    uploaded_at timestamp not null,
    is_sample boolean not null,
    supersedes integer,                 -- the submission this version replaced
    n_observations integer not null,
    n_warnings integer not null
);

-- One row per non-empty cell of every stored sheet, as the sheet said it.
create table if not exists raw_cells (
    submission_id integer not null,
    row_index integer not null,
    col_index integer not null,
    address varchar not null,
    text varchar not null
);

-- One row per submission, indicator and breakdown: the typed value, in the dictionary's unit.
create table if not exists observations (
    submission_id integer not null,
    district varchar not null,
    period varchar not null,
    indicator varchar not null,
    breakdown varchar not null,
    value decimal(38, 6) not null,
    sheet varchar not null,
    cell varchar not null
);

-- One row per warning stored with a submission (hard errors are never stored: the return is not).
create table if not exists submission_issues (
    submission_id integer not null,
    file varchar not null,
    sheet varchar not null,
    cell varchar not null,
    severity varchar not null,
    code varchar not null,
    message varchar not null,
    advice varchar not null
);

-- One row per action that changed the store or failed to (who, when, what).
create table if not exists audit_log (
    logged_at timestamp not null,
    actor varchar not null,
    action varchar not null,
    detail varchar not null
);

-- One row per mapping an analyst taught: a header, row label or district name the pipeline could not
-- place, for one district ('' = all), applied to every later upload.
create table if not exists aliases (
    kind varchar not null,              -- header | row | district
    scope varchar not null,             -- form code (header), dimension (row), '' (district)
    district varchar not null,          -- '' = every district
    text varchar not null,              -- the text as normalised for matching
    target varchar not null,            -- indicator, breakdown or district code; '' = ignore this column
    created_by varchar not null,
    created_at timestamp not null,
    primary key (kind, scope, district, text)
);

-- One row per data-quality flag (数据疑点) an analyst has checked and marked 已核实: the flag's stable key
-- (insights/flags.py), what it said then, why it stands, who marked it and when. A marked flag stops counting.
create table if not exists flag_reviews (
    flag_key varchar primary key,
    district varchar not null,
    period varchar not null,
    kind varchar not null,
    evidence varchar not null,          -- the flag's evidence as it read when it was marked
    note varchar not null,
    verified_by varchar not null,
    verified_at timestamp not null
);

-- One row per district, period, indicator and breakdown currently in force: the observations of the active
-- submissions, with their form. Derived, and kept in step by the transaction that changes which submission
-- is active (Transaction.refresh_current); a table rather than a view over the join with submissions, which
-- cost every page query four times as long at 3,000 districts × 40 quarters (bench/pages.py).
create table if not exists current_observations (
    district varchar not null,
    period varchar not null,
    indicator varchar not null,
    breakdown varchar not null,
    value decimal(38, 6) not null,
    submission_id integer not null,
    sheet varchar not null,
    cell varchar not null,
    form varchar not null,
    is_sample boolean not null
);

-- One row per period, form, indicator and breakdown: current_observations summed over every district, with
-- what the quarter before in the same year held for those districts (pipelines/sql/refresh_totals.sql).
-- Derived, refreshed for the periods a write touched, in its transaction: the whole city's figures of every
-- period without reading every district's rows.
create table if not exists current_totals (
    period varchar not null,
    form varchar not null,
    indicator varchar not null,
    breakdown varchar not null,
    value decimal(38, 6) not null,
    districts integer not null,
    previous_value decimal(38, 6),      -- those districts' values of the quarter before (same year)
    with_previous integer not null      -- how many of those districts have it
);
