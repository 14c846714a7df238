
use builtin;
use str;

set edit:completion:arg-completer[provctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'provctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'provctl'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand users 'List users (email, role, is_active, updated_at), newest updated first'
            cand keys 'API keys: list, enable, disable, export, create, rotate, unbind'
            cand machines 'List machines (a client''s, every client''s, stale ones) newest registered first; delete one'
            cand ingest-count 'Count a client''s ingest events'
            cand ingest-events 'List a client''s latest ingest events'
            cand verify-hash 'Check stored password hashes are well-formed bcrypt (never shows more than 4 characters)'
            cand verify-password 'Check a password against a user''s stored hash (password from a no-echo prompt or stdin)'
            cand doctor 'Check the connection, the schema and the data for known problems'
            cand provision 'Provision clients from INI files (plan, confirmation, one transaction per INI)'
            cand reset-client 'Bring a beta client back to its initial state (no machines, no ingest, keys unbound)'
            cand reset-password 'Set a new password for a user (bcrypt $2b$ cost 12, verified before commit)'
            cand test-login 'Test the platform''s login endpoint'
            cand test-ingest 'Send one test ingestion to the platform with an API key'
            cand deliverable 'Render the client delivery document (markdown)'
            cand schema 'The platform''s schema as DDL: print it, or apply it to an empty database'
            cand demo 'Run the whole runbook on a throwaway PostgreSQL started for the occasion'
            cand secrets 'Generated secrets files: list, show, shred'
            cand clients 'Clients: list, show (the whole picture), delete (offboarding)'
            cand log 'Read the audit log: each change with its outcome, newest first (no database needed)'
            cand completions 'Print shell completions'
            cand man 'Print the man page (roff), or write one page per command with --dir'
            cand standin 'Run a local stand-in of the platform API (tests, trying things out). Never against production'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;users'= {
            cand --email 'Only the user with this exact email (exit 2 when there is none)'
            cand --client 'Only users of this client (id or exact name)'
            cand --limit 'At most this many users'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;keys'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine''s hostname (and the client, across clients), ordered by name. Never shows values'
            cand enable 'Activate keys (shows which will change, asks, one transaction)'
            cand disable 'Deactivate keys (shows which will change, asks, one transaction)'
            cand export 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)'
            cand create 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)'
            cand rotate 'Give one key a new value (same name, row and machine binding); the old value stops working'
            cand unbind 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;keys;list'= {
            cand --client 'Only keys of this client (id or exact name)'
            cand --prefix 'Only keys whose name starts with this text (matched literally: `%` and `_` are not wildcards)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --bound 'Only keys bound to a machine (not in their initial state)'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;keys;enable'= {
            cand --client 'All keys of this client (id or exact name)'
            cand --prefix 'Keys whose name starts with this text (literal match)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;keys;disable'= {
            cand --client 'All keys of this client (id or exact name)'
            cand --prefix 'Keys whose name starts with this text (literal match)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;keys;export'= {
            cand --client 'Keys of this client (id or exact name)'
            cand --prefix 'Keys whose name starts with this text (literal match)'
            cand --format 'Output format [default: lines; json with `-o json`]'
            cand --out 'Write to this file (created 0600; refuses an existing file unless --force)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --active-only 'Only active keys'
            cand --force 'Overwrite an existing --out file'
            cand --reveal 'Allow printing key values on a terminal'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;keys;create'= {
            cand --client 'The client (id or exact name)'
            cand --count 'How many keys (1 to 999)'
            cand --out 'Write the new value(s) to this new file (created 0600, never overwritten)'
            cand --format 'Format of the value(s), as `keys export` [default: lines; json with `-o json` when they go to stdout]'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --inactive 'Create them inactive (reserve keys, to enable later)'
            cand --reveal 'Allow printing the value(s) on a terminal'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;keys;rotate'= {
            cand --client 'The key''s client (id or exact name), when several clients have a key of that name'
            cand --out 'Write the new value(s) to this new file (created 0600, never overwritten)'
            cand --format 'Format of the value(s), as `keys export` [default: lines; json with `-o json` when they go to stdout]'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --reveal 'Allow printing the value(s) on a terminal'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;keys;unbind'= {
            cand --client 'The keys'' client (id or exact name), when several clients have keys of those names'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;keys;help'= {
            cand list 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine''s hostname (and the client, across clients), ordered by name. Never shows values'
            cand enable 'Activate keys (shows which will change, asks, one transaction)'
            cand disable 'Deactivate keys (shows which will change, asks, one transaction)'
            cand export 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)'
            cand create 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)'
            cand rotate 'Give one key a new value (same name, row and machine binding); the old value stops working'
            cand unbind 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;keys;help;list'= {
        }
        &'provctl;keys;help;enable'= {
        }
        &'provctl;keys;help;disable'= {
        }
        &'provctl;keys;help;export'= {
        }
        &'provctl;keys;help;create'= {
        }
        &'provctl;keys;help;rotate'= {
        }
        &'provctl;keys;help;unbind'= {
        }
        &'provctl;keys;help;help'= {
        }
        &'provctl;machines'= {
            cand --client 'Only this client''s machines (id or exact name)'
            cand --stale 'Only machines whose last_seen is older than this (30m, 2h, 7d, 1h 30m…)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand delete 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;machines;delete'= {
            cand --client 'The client (id or exact name)'
            cand --hostname 'The machine''s hostname (exact)'
            cand --id 'The machine''s id'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;machines;help'= {
            cand delete 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;machines;help;delete'= {
        }
        &'provctl;machines;help;help'= {
        }
        &'provctl;ingest-count'= {
            cand --client 'The client (id or exact name)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;ingest-events'= {
            cand --client 'The client (id or exact name)'
            cand --limit 'At most this many events'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;verify-hash'= {
            cand --email 'Check this user''s hash'
            cand --client 'With --all: only users of this client (id or exact name)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --all 'Check every user''s hash (streams; lists only the defective ones, then a summary)'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;verify-password'= {
            cand --email 'The user''s email'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --password-stdin 'Read the password from stdin (everything up to end of input, one trailing newline removed)'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;doctor'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;provision'= {
            cand --lock-timeout 'Give up waiting for a lock (another provisioning of the same client) after this many seconds'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --dry-run 'Print the plan and write nothing (no guard needed)'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;reset-client'= {
            cand --client 'The client (id or exact name)'
            cand --lock-timeout 'Give up waiting for a lock after this many seconds (nothing changed)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;reset-password'= {
            cand --email 'The user''s email'
            cand --out 'Write a generated password to this new file (0600; lines ADMIN_EMAIL=… and ADMIN_PASSWORD=…)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --password-stdin 'Read the new password from stdin instead of generating one'
            cand --reveal 'Show a generated password on the terminal'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;test-login'= {
            cand --url 'Base URL of the platform (http or https)'
            cand --email 'The email to log in with'
            cand --timeout 'Give up on the platform after this many seconds'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --password-stdin 'Read the password from stdin (up to end of input, one trailing newline removed) instead of prompting'
            cand --insecure 'Accept a self-signed certificate (like curl -k)'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;test-ingest'= {
            cand --url 'Base URL of the platform (http or https)'
            cand --key-name 'Read the key value from the database by key name'
            cand --hostname 'Hostname of the test machine'
            cand --fingerprint 'Fingerprint of the test machine (default: the hostname)'
            cand --os 'OS reported for the test machine'
            cand --sent-at 'The batch''s `sent_at` (RFC 3339 in UTC, e.g. 2026-01-01T12:00:00Z) instead of now: to reproduce an agent whose clock is off (too old is archived, too far ahead is refused)'
            cand --timeout 'Give up on the platform after this many seconds'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --api-key-stdin 'Read the key value from stdin'
            cand --insecure 'Accept a self-signed certificate (like curl -k)'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;deliverable'= {
            cand --client 'The client (id or exact name)'
            cand --url 'Base URL of the platform given to the client'
            cand --secrets-file 'The generated secrets file holding the admin password (else the document says it is sent separately)'
            cand --out 'Write to this file (0600; refuses an existing file unless --force)'
            cand --lang 'Language of the document'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --force 'Overwrite an existing --out file'
            cand --reveal 'Allow printing secrets on a terminal'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;schema'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand print 'Print the platform''s schema (migration head 0003) as SQL'
            cand apply 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;schema;print'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;schema;apply'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;schema;help'= {
            cand print 'Print the platform''s schema (migration head 0003) as SQL'
            cand apply 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;schema;help;print'= {
        }
        &'provctl;schema;help;apply'= {
        }
        &'provctl;schema;help;help'= {
        }
        &'provctl;demo'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --keep 'Leave the database and the API stand-in running until Ctrl-C, and print their URLs'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;secrets'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings'
            cand show 'Show a secrets file''s entries (values only with --reveal on a terminal, or to a pipe)'
            cand shred 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;secrets;list'= {
            cand --max-age 'Warn about files older than this many days'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;secrets;show'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --reveal 'Show values on a terminal'
            cand --force 'Read a file that is not mode 600 or belongs to another user'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;secrets;shred'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --force 'Shred a file that is not recognisably provctl''s (no header, no secret line)'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;secrets;help'= {
            cand list 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings'
            cand show 'Show a secrets file''s entries (values only with --reveal on a terminal, or to a pipe)'
            cand shred 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;secrets;help;list'= {
        }
        &'provctl;secrets;help;show'= {
        }
        &'provctl;secrets;help;shred'= {
        }
        &'provctl;secrets;help;help'= {
        }
        &'provctl;clients'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest'
            cand show 'One client''s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files'
            cand delete 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;clients;list'= {
            cand --name-like 'Only clients whose name contains this text (any case; `%` and `_` are not wildcards)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;clients;show'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;clients;delete'= {
            cand --lock-timeout 'Give up waiting for a lock after this many seconds (nothing changed)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand --dry-run 'Print the plan and change nothing (no production guard needed)'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'provctl;clients;help'= {
            cand list 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest'
            cand show 'One client''s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files'
            cand delete 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;clients;help;list'= {
        }
        &'provctl;clients;help;show'= {
        }
        &'provctl;clients;help;delete'= {
        }
        &'provctl;clients;help;help'= {
        }
        &'provctl;log'= {
            cand --client 'Only changes of this client: its name or id as recorded in the log (a deleted client''s entries stay findable)'
            cand --since 'Only changes started within this duration (30m, 2h, 7d, 1w) or since this time (RFC 3339)'
            cand --command 'Only this command (`reset-client`, `keys disable`) or group (`keys`)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;completions'= {
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;man'= {
            cand --dir 'Write one page per command into DIR (provctl.1, provctl-users.1, provctl-keys-list.1, …) instead of printing provctl.1 on stdout. DIR is created if needed; existing pages are replaced'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;standin'= {
            cand --tls-cert 'Serve TLS on the main port with this certificate (PEM)'
            cand --tls-key 'The certificate''s private key (PEM)'
            cand --database-url 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history'
            cand --env-file 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win'
            cand -o 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --output 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv'
            cand --audit-log 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl'
            cand --connect-timeout 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10'
            cand --statement-timeout 'Server-side limit for each SQL statement, in seconds'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --verbose 'Print each SQL statement (secret parameters shown as ***)'
            cand -q 'No informational messages on stderr (warnings and errors are still shown)'
            cand --quiet 'No informational messages on stderr (warnings and errors are still shown)'
            cand --docker 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)'
            cand --csv-raw 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'provctl;help'= {
            cand users 'List users (email, role, is_active, updated_at), newest updated first'
            cand keys 'API keys: list, enable, disable, export, create, rotate, unbind'
            cand machines 'List machines (a client''s, every client''s, stale ones) newest registered first; delete one'
            cand ingest-count 'Count a client''s ingest events'
            cand ingest-events 'List a client''s latest ingest events'
            cand verify-hash 'Check stored password hashes are well-formed bcrypt (never shows more than 4 characters)'
            cand verify-password 'Check a password against a user''s stored hash (password from a no-echo prompt or stdin)'
            cand doctor 'Check the connection, the schema and the data for known problems'
            cand provision 'Provision clients from INI files (plan, confirmation, one transaction per INI)'
            cand reset-client 'Bring a beta client back to its initial state (no machines, no ingest, keys unbound)'
            cand reset-password 'Set a new password for a user (bcrypt $2b$ cost 12, verified before commit)'
            cand test-login 'Test the platform''s login endpoint'
            cand test-ingest 'Send one test ingestion to the platform with an API key'
            cand deliverable 'Render the client delivery document (markdown)'
            cand schema 'The platform''s schema as DDL: print it, or apply it to an empty database'
            cand demo 'Run the whole runbook on a throwaway PostgreSQL started for the occasion'
            cand secrets 'Generated secrets files: list, show, shred'
            cand clients 'Clients: list, show (the whole picture), delete (offboarding)'
            cand log 'Read the audit log: each change with its outcome, newest first (no database needed)'
            cand completions 'Print shell completions'
            cand man 'Print the man page (roff), or write one page per command with --dir'
            cand standin 'Run a local stand-in of the platform API (tests, trying things out). Never against production'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'provctl;help;users'= {
        }
        &'provctl;help;keys'= {
            cand list 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine''s hostname (and the client, across clients), ordered by name. Never shows values'
            cand enable 'Activate keys (shows which will change, asks, one transaction)'
            cand disable 'Deactivate keys (shows which will change, asks, one transaction)'
            cand export 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)'
            cand create 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)'
            cand rotate 'Give one key a new value (same name, row and machine binding); the old value stops working'
            cand unbind 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it'
        }
        &'provctl;help;keys;list'= {
        }
        &'provctl;help;keys;enable'= {
        }
        &'provctl;help;keys;disable'= {
        }
        &'provctl;help;keys;export'= {
        }
        &'provctl;help;keys;create'= {
        }
        &'provctl;help;keys;rotate'= {
        }
        &'provctl;help;keys;unbind'= {
        }
        &'provctl;help;machines'= {
            cand delete 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)'
        }
        &'provctl;help;machines;delete'= {
        }
        &'provctl;help;ingest-count'= {
        }
        &'provctl;help;ingest-events'= {
        }
        &'provctl;help;verify-hash'= {
        }
        &'provctl;help;verify-password'= {
        }
        &'provctl;help;doctor'= {
        }
        &'provctl;help;provision'= {
        }
        &'provctl;help;reset-client'= {
        }
        &'provctl;help;reset-password'= {
        }
        &'provctl;help;test-login'= {
        }
        &'provctl;help;test-ingest'= {
        }
        &'provctl;help;deliverable'= {
        }
        &'provctl;help;schema'= {
            cand print 'Print the platform''s schema (migration head 0003) as SQL'
            cand apply 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)'
        }
        &'provctl;help;schema;print'= {
        }
        &'provctl;help;schema;apply'= {
        }
        &'provctl;help;demo'= {
        }
        &'provctl;help;secrets'= {
            cand list 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings'
            cand show 'Show a secrets file''s entries (values only with --reveal on a terminal, or to a pipe)'
            cand shred 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)'
        }
        &'provctl;help;secrets;list'= {
        }
        &'provctl;help;secrets;show'= {
        }
        &'provctl;help;secrets;shred'= {
        }
        &'provctl;help;clients'= {
            cand list 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest'
            cand show 'One client''s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files'
            cand delete 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)'
        }
        &'provctl;help;clients;list'= {
        }
        &'provctl;help;clients;show'= {
        }
        &'provctl;help;clients;delete'= {
        }
        &'provctl;help;log'= {
        }
        &'provctl;help;completions'= {
        }
        &'provctl;help;man'= {
        }
        &'provctl;help;standin'= {
        }
        &'provctl;help;help'= {
        }
    ]
    $completions[$command]
}
