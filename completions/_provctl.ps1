
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'provctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'provctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'provctl' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'List users (email, role, is_active, updated_at), newest updated first')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'API keys: list, enable, disable, export, create, rotate, unbind')
            [CompletionResult]::new('machines', 'machines', [CompletionResultType]::ParameterValue, 'List machines (a client''s, every client''s, stale ones) newest registered first; delete one')
            [CompletionResult]::new('ingest-count', 'ingest-count', [CompletionResultType]::ParameterValue, 'Count a client''s ingest events')
            [CompletionResult]::new('ingest-events', 'ingest-events', [CompletionResultType]::ParameterValue, 'List a client''s latest ingest events')
            [CompletionResult]::new('verify-hash', 'verify-hash', [CompletionResultType]::ParameterValue, 'Check stored password hashes are well-formed bcrypt (never shows more than 4 characters)')
            [CompletionResult]::new('verify-password', 'verify-password', [CompletionResultType]::ParameterValue, 'Check a password against a user''s stored hash (password from a no-echo prompt or stdin)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the connection, the schema and the data for known problems')
            [CompletionResult]::new('provision', 'provision', [CompletionResultType]::ParameterValue, 'Provision clients from INI files (plan, confirmation, one transaction per INI)')
            [CompletionResult]::new('reset-client', 'reset-client', [CompletionResultType]::ParameterValue, 'Bring a beta client back to its initial state (no machines, no ingest, keys unbound)')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password for a user (bcrypt $2b$ cost 12, verified before commit)')
            [CompletionResult]::new('test-login', 'test-login', [CompletionResultType]::ParameterValue, 'Test the platform''s login endpoint')
            [CompletionResult]::new('test-ingest', 'test-ingest', [CompletionResultType]::ParameterValue, 'Send one test ingestion to the platform with an API key')
            [CompletionResult]::new('deliverable', 'deliverable', [CompletionResultType]::ParameterValue, 'Render the client delivery document (markdown)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The platform''s schema as DDL: print it, or apply it to an empty database')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole runbook on a throwaway PostgreSQL started for the occasion')
            [CompletionResult]::new('secrets', 'secrets', [CompletionResultType]::ParameterValue, 'Generated secrets files: list, show, shred')
            [CompletionResult]::new('clients', 'clients', [CompletionResultType]::ParameterValue, 'Clients: list, show (the whole picture), delete (offboarding)')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Read the audit log: each change with its outcome, newest first (no database needed)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one page per command with --dir')
            [CompletionResult]::new('standin', 'standin', [CompletionResultType]::ParameterValue, 'Run a local stand-in of the platform API (tests, trying things out). Never against production')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;users' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Only the user with this exact email (exit 2 when there is none)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Only users of this client (id or exact name)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many users')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;keys' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine''s hostname (and the client, across clients), ordered by name. Never shows values')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Activate keys (shows which will change, asks, one transaction)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Deactivate keys (shows which will change, asks, one transaction)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give one key a new value (same name, row and machine binding); the old value stops working')
            [CompletionResult]::new('unbind', 'unbind', [CompletionResultType]::ParameterValue, 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;keys;list' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Only keys of this client (id or exact name)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only keys whose name starts with this text (matched literally: `%` and `_` are not wildcards)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--bound', '--bound', [CompletionResultType]::ParameterName, 'Only keys bound to a machine (not in their initial state)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;keys;enable' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'All keys of this client (id or exact name)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Keys whose name starts with this text (literal match)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;keys;disable' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'All keys of this client (id or exact name)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Keys whose name starts with this text (literal match)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;keys;export' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Keys of this client (id or exact name)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Keys whose name starts with this text (literal match)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: lines; json with `-o json`]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to this file (created 0600; refuses an existing file unless --force)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--active-only', '--active-only', [CompletionResultType]::ParameterName, 'Only active keys')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing --out file')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Allow printing key values on a terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;keys;create' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client (id or exact name)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'How many keys (1 to 999)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the new value(s) to this new file (created 0600, never overwritten)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Format of the value(s), as `keys export` [default: lines; json with `-o json` when they go to stdout]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--inactive', '--inactive', [CompletionResultType]::ParameterName, 'Create them inactive (reserve keys, to enable later)')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Allow printing the value(s) on a terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;keys;rotate' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The key''s client (id or exact name), when several clients have a key of that name')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the new value(s) to this new file (created 0600, never overwritten)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Format of the value(s), as `keys export` [default: lines; json with `-o json` when they go to stdout]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Allow printing the value(s) on a terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;keys;unbind' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The keys'' client (id or exact name), when several clients have keys of those names')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;keys;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine''s hostname (and the client, across clients), ordered by name. Never shows values')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Activate keys (shows which will change, asks, one transaction)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Deactivate keys (shows which will change, asks, one transaction)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give one key a new value (same name, row and machine binding); the old value stops working')
            [CompletionResult]::new('unbind', 'unbind', [CompletionResultType]::ParameterValue, 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;keys;help;list' {
            break
        }
        'provctl;keys;help;enable' {
            break
        }
        'provctl;keys;help;disable' {
            break
        }
        'provctl;keys;help;export' {
            break
        }
        'provctl;keys;help;create' {
            break
        }
        'provctl;keys;help;rotate' {
            break
        }
        'provctl;keys;help;unbind' {
            break
        }
        'provctl;keys;help;help' {
            break
        }
        'provctl;machines' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Only this client''s machines (id or exact name)')
            [CompletionResult]::new('--stale', '--stale', [CompletionResultType]::ParameterName, 'Only machines whose last_seen is older than this (30m, 2h, 7d, 1h 30m…)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;machines;delete' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client (id or exact name)')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The machine''s hostname (exact)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The machine''s id')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;machines;help' {
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;machines;help;delete' {
            break
        }
        'provctl;machines;help;help' {
            break
        }
        'provctl;ingest-count' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client (id or exact name)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;ingest-events' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client (id or exact name)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many events')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;verify-hash' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Check this user''s hash')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'With --all: only users of this client (id or exact name)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Check every user''s hash (streams; lists only the defective ones, then a summary)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;verify-password' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The user''s email')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (everything up to end of input, one trailing newline removed)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;doctor' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;provision' {
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up waiting for a lock (another provisioning of the same client) after this many seconds')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and write nothing (no guard needed)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;reset-client' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client (id or exact name)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up waiting for a lock after this many seconds (nothing changed)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;reset-password' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The user''s email')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write a generated password to this new file (0600; lines ADMIN_EMAIL=… and ADMIN_PASSWORD=…)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the new password from stdin instead of generating one')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show a generated password on the terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;test-login' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the platform (http or https)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The email to log in with')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the platform after this many seconds')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (up to end of input, one trailing newline removed) instead of prompting')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept a self-signed certificate (like curl -k)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;test-ingest' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the platform (http or https)')
            [CompletionResult]::new('--key-name', '--key-name', [CompletionResultType]::ParameterName, 'Read the key value from the database by key name')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'Hostname of the test machine')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Fingerprint of the test machine (default: the hostname)')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'OS reported for the test machine')
            [CompletionResult]::new('--sent-at', '--sent-at', [CompletionResultType]::ParameterName, 'The batch''s `sent_at` (RFC 3339 in UTC, e.g. 2026-01-01T12:00:00Z) instead of now: to reproduce an agent whose clock is off (too old is archived, too far ahead is refused)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the platform after this many seconds')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--api-key-stdin', '--api-key-stdin', [CompletionResultType]::ParameterName, 'Read the key value from stdin')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept a self-signed certificate (like curl -k)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;deliverable' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client (id or exact name)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the platform given to the client')
            [CompletionResult]::new('--secrets-file', '--secrets-file', [CompletionResultType]::ParameterName, 'The generated secrets file holding the admin password (else the document says it is sent separately)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to this file (0600; refuses an existing file unless --force)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the document')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing --out file')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Allow printing secrets on a terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;schema' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print the platform''s schema (migration head 0003) as SQL')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;schema;print' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;schema;apply' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;schema;help' {
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print the platform''s schema (migration head 0003) as SQL')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;schema;help;print' {
            break
        }
        'provctl;schema;help;apply' {
            break
        }
        'provctl;schema;help;help' {
            break
        }
        'provctl;demo' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Leave the database and the API stand-in running until Ctrl-C, and print their URLs')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;secrets' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a secrets file''s entries (values only with --reveal on a terminal, or to a pipe)')
            [CompletionResult]::new('shred', 'shred', [CompletionResultType]::ParameterValue, 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;secrets;list' {
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Warn about files older than this many days')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;secrets;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show values on a terminal')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Read a file that is not mode 600 or belongs to another user')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;secrets;shred' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Shred a file that is not recognisably provctl''s (no header, no secret line)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;secrets;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a secrets file''s entries (values only with --reveal on a terminal, or to a pipe)')
            [CompletionResult]::new('shred', 'shred', [CompletionResultType]::ParameterValue, 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;secrets;help;list' {
            break
        }
        'provctl;secrets;help;show' {
            break
        }
        'provctl;secrets;help;shred' {
            break
        }
        'provctl;secrets;help;help' {
            break
        }
        'provctl;clients' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One client''s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;clients;list' {
            [CompletionResult]::new('--name-like', '--name-like', [CompletionResultType]::ParameterName, 'Only clients whose name contains this text (any case; `%` and `_` are not wildcards)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;clients;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;clients;delete' {
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up waiting for a lock after this many seconds (nothing changed)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing (no production guard needed)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'provctl;clients;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One client''s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;clients;help;list' {
            break
        }
        'provctl;clients;help;show' {
            break
        }
        'provctl;clients;help;delete' {
            break
        }
        'provctl;clients;help;help' {
            break
        }
        'provctl;log' {
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Only changes of this client: its name or id as recorded in the log (a deleted client''s entries stay findable)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only changes started within this duration (30m, 2h, 7d, 1w) or since this time (RFC 3339)')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Only this command (`reset-client`, `keys disable`) or group (`keys`)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;completions' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write one page per command into DIR (provctl.1, provctl-users.1, provctl-keys-list.1, …) instead of printing provctl.1 on stdout. DIR is created if needed; existing pages are replaced')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;standin' {
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve TLS on the main port with this certificate (PEM)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The certificate''s private key (PEM)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq''s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting to the database after this many seconds. Default: the URL''s connect_timeout (or PGCONNECT_TIMEOUT), else 10')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Server-side limit for each SQL statement, in seconds')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each SQL statement (secret parameters shown as ***)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No informational messages on stderr (warnings and errors are still shown)')
            [CompletionResult]::new('--docker', '--docker', [CompletionResultType]::ParameterName, 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service''s running container and connect to it (the name stays for TLS and the password file)')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading '' by default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'provctl;help' {
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'List users (email, role, is_active, updated_at), newest updated first')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'API keys: list, enable, disable, export, create, rotate, unbind')
            [CompletionResult]::new('machines', 'machines', [CompletionResultType]::ParameterValue, 'List machines (a client''s, every client''s, stale ones) newest registered first; delete one')
            [CompletionResult]::new('ingest-count', 'ingest-count', [CompletionResultType]::ParameterValue, 'Count a client''s ingest events')
            [CompletionResult]::new('ingest-events', 'ingest-events', [CompletionResultType]::ParameterValue, 'List a client''s latest ingest events')
            [CompletionResult]::new('verify-hash', 'verify-hash', [CompletionResultType]::ParameterValue, 'Check stored password hashes are well-formed bcrypt (never shows more than 4 characters)')
            [CompletionResult]::new('verify-password', 'verify-password', [CompletionResultType]::ParameterValue, 'Check a password against a user''s stored hash (password from a no-echo prompt or stdin)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the connection, the schema and the data for known problems')
            [CompletionResult]::new('provision', 'provision', [CompletionResultType]::ParameterValue, 'Provision clients from INI files (plan, confirmation, one transaction per INI)')
            [CompletionResult]::new('reset-client', 'reset-client', [CompletionResultType]::ParameterValue, 'Bring a beta client back to its initial state (no machines, no ingest, keys unbound)')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password for a user (bcrypt $2b$ cost 12, verified before commit)')
            [CompletionResult]::new('test-login', 'test-login', [CompletionResultType]::ParameterValue, 'Test the platform''s login endpoint')
            [CompletionResult]::new('test-ingest', 'test-ingest', [CompletionResultType]::ParameterValue, 'Send one test ingestion to the platform with an API key')
            [CompletionResult]::new('deliverable', 'deliverable', [CompletionResultType]::ParameterValue, 'Render the client delivery document (markdown)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The platform''s schema as DDL: print it, or apply it to an empty database')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole runbook on a throwaway PostgreSQL started for the occasion')
            [CompletionResult]::new('secrets', 'secrets', [CompletionResultType]::ParameterValue, 'Generated secrets files: list, show, shred')
            [CompletionResult]::new('clients', 'clients', [CompletionResultType]::ParameterValue, 'Clients: list, show (the whole picture), delete (offboarding)')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Read the audit log: each change with its outcome, newest first (no database needed)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one page per command with --dir')
            [CompletionResult]::new('standin', 'standin', [CompletionResultType]::ParameterValue, 'Run a local stand-in of the platform API (tests, trying things out). Never against production')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'provctl;help;users' {
            break
        }
        'provctl;help;keys' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine''s hostname (and the client, across clients), ordered by name. Never shows values')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Activate keys (shows which will change, asks, one transaction)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Deactivate keys (shows which will change, asks, one transaction)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give one key a new value (same name, row and machine binding); the old value stops working')
            [CompletionResult]::new('unbind', 'unbind', [CompletionResultType]::ParameterValue, 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it')
            break
        }
        'provctl;help;keys;list' {
            break
        }
        'provctl;help;keys;enable' {
            break
        }
        'provctl;help;keys;disable' {
            break
        }
        'provctl;help;keys;export' {
            break
        }
        'provctl;help;keys;create' {
            break
        }
        'provctl;help;keys;rotate' {
            break
        }
        'provctl;help;keys;unbind' {
            break
        }
        'provctl;help;machines' {
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)')
            break
        }
        'provctl;help;machines;delete' {
            break
        }
        'provctl;help;ingest-count' {
            break
        }
        'provctl;help;ingest-events' {
            break
        }
        'provctl;help;verify-hash' {
            break
        }
        'provctl;help;verify-password' {
            break
        }
        'provctl;help;doctor' {
            break
        }
        'provctl;help;provision' {
            break
        }
        'provctl;help;reset-client' {
            break
        }
        'provctl;help;reset-password' {
            break
        }
        'provctl;help;test-login' {
            break
        }
        'provctl;help;test-ingest' {
            break
        }
        'provctl;help;deliverable' {
            break
        }
        'provctl;help;schema' {
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print the platform''s schema (migration head 0003) as SQL')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)')
            break
        }
        'provctl;help;schema;print' {
            break
        }
        'provctl;help;schema;apply' {
            break
        }
        'provctl;help;demo' {
            break
        }
        'provctl;help;secrets' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a secrets file''s entries (values only with --reveal on a terminal, or to a pipe)')
            [CompletionResult]::new('shred', 'shred', [CompletionResultType]::ParameterValue, 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)')
            break
        }
        'provctl;help;secrets;list' {
            break
        }
        'provctl;help;secrets;show' {
            break
        }
        'provctl;help;secrets;shred' {
            break
        }
        'provctl;help;clients' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One client''s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)')
            break
        }
        'provctl;help;clients;list' {
            break
        }
        'provctl;help;clients;show' {
            break
        }
        'provctl;help;clients;delete' {
            break
        }
        'provctl;help;log' {
            break
        }
        'provctl;help;completions' {
            break
        }
        'provctl;help;man' {
            break
        }
        'provctl;help;standin' {
            break
        }
        'provctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
