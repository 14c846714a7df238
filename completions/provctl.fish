# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_provctl_global_optspecs
    string join \n database-url= env-file= o/output= y/yes verbose q/quiet audit-log= connect-timeout= docker statement-timeout= csv-raw h/help V/version
end

function __fish_provctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_provctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_provctl_using_subcommand
    set -l cmd (__fish_provctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c provctl -n "__fish_provctl_needs_command" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_needs_command" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_needs_command" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_needs_command" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_needs_command" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_needs_command" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_needs_command" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_needs_command" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_needs_command" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_needs_command" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_needs_command" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_needs_command" -s V -l version -d 'Print version'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "users" -d 'List users (email, role, is_active, updated_at), newest updated first'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "keys" -d 'API keys: list, enable, disable, export, create, rotate, unbind'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "machines" -d 'List machines (a client\'s, every client\'s, stale ones) newest registered first; delete one'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "ingest-count" -d 'Count a client\'s ingest events'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "ingest-events" -d 'List a client\'s latest ingest events'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "verify-hash" -d 'Check stored password hashes are well-formed bcrypt (never shows more than 4 characters)'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "verify-password" -d 'Check a password against a user\'s stored hash (password from a no-echo prompt or stdin)'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "doctor" -d 'Check the connection, the schema and the data for known problems'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "provision" -d 'Provision clients from INI files (plan, confirmation, one transaction per INI)'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "reset-client" -d 'Bring a beta client back to its initial state (no machines, no ingest, keys unbound)'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "reset-password" -d 'Set a new password for a user (bcrypt $2b$ cost 12, verified before commit)'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "test-login" -d 'Test the platform\'s login endpoint'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "test-ingest" -d 'Send one test ingestion to the platform with an API key'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "deliverable" -d 'Render the client delivery document (markdown)'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "schema" -d 'The platform\'s schema as DDL: print it, or apply it to an empty database'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "demo" -d 'Run the whole runbook on a throwaway PostgreSQL started for the occasion'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "secrets" -d 'Generated secrets files: list, show, shred'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "clients" -d 'Clients: list, show (the whole picture), delete (offboarding)'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "log" -d 'Read the audit log: each change with its outcome, newest first (no database needed)'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "man" -d 'Print the man page (roff), or write one page per command with --dir'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "standin" -d 'Run a local stand-in of the platform API (tests, trying things out). Never against production'
complete -c provctl -n "__fish_provctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand users" -l email -d 'Only the user with this exact email (exit 2 when there is none)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand users" -l client -d 'Only users of this client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand users" -l limit -d 'At most this many users' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand users" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand users" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand users" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand users" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand users" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand users" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand users" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand users" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand users" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand users" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand users" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand users" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -f -a "list" -d 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine\'s hostname (and the client, across clients), ordered by name. Never shows values'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -f -a "enable" -d 'Activate keys (shows which will change, asks, one transaction)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -f -a "disable" -d 'Deactivate keys (shows which will change, asks, one transaction)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -f -a "export" -d 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -f -a "create" -d 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -f -a "rotate" -d 'Give one key a new value (same name, row and machine binding); the old value stops working'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -f -a "unbind" -d 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and not __fish_seen_subcommand_from list enable disable export create rotate unbind help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l client -d 'Only keys of this client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l prefix -d 'Only keys whose name starts with this text (matched literally: `%` and `_` are not wildcards)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l bound -d 'Only keys bound to a machine (not in their initial state)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l client -d 'All keys of this client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l prefix -d 'Keys whose name starts with this text (literal match)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l client -d 'All keys of this client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l prefix -d 'Keys whose name starts with this text (literal match)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l client -d 'Keys of this client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l prefix -d 'Keys whose name starts with this text (literal match)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l format -d 'Output format [default: lines; json with `-o json`]' -r -f -a "lines\t'`name = key` lines (the runbook\'s export)'
env\t'`API_KEY_VALUE__name=key` lines'
json\t'A JSON array of {name, key, is_active}'"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l out -d 'Write to this file (created 0600; refuses an existing file unless --force)' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l active-only -d 'Only active keys'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l force -d 'Overwrite an existing --out file'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l reveal -d 'Allow printing key values on a terminal'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l client -d 'The client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l count -d 'How many keys (1 to 999)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l out -d 'Write the new value(s) to this new file (created 0600, never overwritten)' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l format -d 'Format of the value(s), as `keys export` [default: lines; json with `-o json` when they go to stdout]' -r -f -a "lines\t'`name = key` lines (the runbook\'s export)'
env\t'`API_KEY_VALUE__name=key` lines'
json\t'A JSON array of {name, key, is_active}'"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l inactive -d 'Create them inactive (reserve keys, to enable later)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l reveal -d 'Allow printing the value(s) on a terminal'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l client -d 'The key\'s client (id or exact name), when several clients have a key of that name' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l out -d 'Write the new value(s) to this new file (created 0600, never overwritten)' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l format -d 'Format of the value(s), as `keys export` [default: lines; json with `-o json` when they go to stdout]' -r -f -a "lines\t'`name = key` lines (the runbook\'s export)'
env\t'`API_KEY_VALUE__name=key` lines'
json\t'A JSON array of {name, key, is_active}'"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l reveal -d 'Allow printing the value(s) on a terminal'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l client -d 'The keys\' client (id or exact name), when several clients have keys of those names' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from unbind" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine\'s hostname (and the client, across clients), ordered by name. Never shows values'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Activate keys (shows which will change, asks, one transaction)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Deactivate keys (shows which will change, asks, one transaction)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "export" -d 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Give one key a new value (same name, row and machine binding); the old value stops working'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "unbind" -d 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it'
complete -c provctl -n "__fish_provctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l client -d 'Only this client\'s machines (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l stale -d 'Only machines whose last_seen is older than this (30m, 2h, 7d, 1h 30m…)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -f -a "delete" -d 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and not __fish_seen_subcommand_from delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l client -d 'The client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l hostname -d 'The machine\'s hostname (exact)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l id -d 'The machine\'s id' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l dry-run -d 'Print the plan and change nothing'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)'
complete -c provctl -n "__fish_provctl_using_subcommand machines; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l client -d 'The client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-count" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l client -d 'The client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l limit -d 'At most this many events' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand ingest-events" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l email -d 'Check this user\'s hash' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l client -d 'With --all: only users of this client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l all -d 'Check every user\'s hash (streams; lists only the defective ones, then a summary)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-hash" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l email -d 'The user\'s email' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l password-stdin -d 'Read the password from stdin (everything up to end of input, one trailing newline removed)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand verify-password" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l lock-timeout -d 'Give up waiting for a lock (another provisioning of the same client) after this many seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand provision" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l dry-run -d 'Print the plan and write nothing (no guard needed)'
complete -c provctl -n "__fish_provctl_using_subcommand provision" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand provision" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand provision" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand provision" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l client -d 'The client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l lock-timeout -d 'Give up waiting for a lock after this many seconds (nothing changed)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l dry-run -d 'Print the plan and change nothing'
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-client" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l email -d 'The user\'s email' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l out -d 'Write a generated password to this new file (0600; lines ADMIN_EMAIL=… and ADMIN_PASSWORD=…)' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l password-stdin -d 'Read the new password from stdin instead of generating one'
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l reveal -d 'Show a generated password on the terminal'
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand reset-password" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l url -d 'Base URL of the platform (http or https)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l email -d 'The email to log in with' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l timeout -d 'Give up on the platform after this many seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l password-stdin -d 'Read the password from stdin (up to end of input, one trailing newline removed) instead of prompting'
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l insecure -d 'Accept a self-signed certificate (like curl -k)'
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand test-login" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l url -d 'Base URL of the platform (http or https)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l key-name -d 'Read the key value from the database by key name' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l hostname -d 'Hostname of the test machine' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l fingerprint -d 'Fingerprint of the test machine (default: the hostname)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l os -d 'OS reported for the test machine' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l sent-at -d 'The batch\'s `sent_at` (RFC 3339 in UTC, e.g. 2026-01-01T12:00:00Z) instead of now: to reproduce an agent whose clock is off (too old is archived, too far ahead is refused)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l timeout -d 'Give up on the platform after this many seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l api-key-stdin -d 'Read the key value from stdin'
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l insecure -d 'Accept a self-signed certificate (like curl -k)'
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand test-ingest" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l client -d 'The client (id or exact name)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l url -d 'Base URL of the platform given to the client' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l secrets-file -d 'The generated secrets file holding the admin password (else the document says it is sent separately)' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l out -d 'Write to this file (0600; refuses an existing file unless --force)' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l lang -d 'Language of the document' -r -f -a "fr\t''
en\t''"
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l force -d 'Overwrite an existing --out file'
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l reveal -d 'Allow printing secrets on a terminal'
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand deliverable" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -f -a "print" -d 'Print the platform\'s schema (migration head 0003) as SQL'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -f -a "apply" -d 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and not __fish_seen_subcommand_from print apply help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from print" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "print" -d 'Print the platform\'s schema (migration head 0003) as SQL'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)'
complete -c provctl -n "__fish_provctl_using_subcommand schema; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand demo" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l keep -d 'Leave the database and the API stand-in running until Ctrl-C, and print their URLs'
complete -c provctl -n "__fish_provctl_using_subcommand demo" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand demo" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand demo" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand demo" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -f -a "list" -d 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -f -a "show" -d 'Show a secrets file\'s entries (values only with --reveal on a terminal, or to a pipe)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -f -a "shred" -d 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and not __fish_seen_subcommand_from list show shred help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l max-age -d 'Warn about files older than this many days' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l reveal -d 'Show values on a terminal'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l force -d 'Read a file that is not mode 600 or belongs to another user'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l force -d 'Shred a file that is not recognisably provctl\'s (no header, no secret line)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from shred" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "list" -d 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a secrets file\'s entries (values only with --reveal on a terminal, or to a pipe)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "shred" -d 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)'
complete -c provctl -n "__fish_provctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -f -a "list" -d 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -f -a "show" -d 'One client\'s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -f -a "delete" -d 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and not __fish_seen_subcommand_from list show delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l name-like -d 'Only clients whose name contains this text (any case; `%` and `_` are not wildcards)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l lock-timeout -d 'Give up waiting for a lock after this many seconds (nothing changed)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l dry-run -d 'Print the plan and change nothing (no production guard needed)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "list" -d 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "show" -d 'One client\'s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)'
complete -c provctl -n "__fish_provctl_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand log" -l client -d 'Only changes of this client: its name or id as recorded in the log (a deleted client\'s entries stay findable)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand log" -l since -d 'Only changes started within this duration (30m, 2h, 7d, 1w) or since this time (RFC 3339)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand log" -l command -d 'Only this command (`reset-client`, `keys disable`) or group (`keys`)' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand log" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand log" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand log" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand log" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand log" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand log" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand log" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand log" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand log" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand log" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand log" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand log" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand completions" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand completions" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand completions" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand completions" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand completions" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand completions" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand completions" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand completions" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand completions" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand completions" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand man" -l dir -d 'Write one page per command into DIR (provctl.1, provctl-users.1, provctl-keys-list.1, …) instead of printing provctl.1 on stdout. DIR is created if needed; existing pages are replaced' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand man" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand man" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand man" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand man" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand man" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand man" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand man" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand man" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand man" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand man" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand man" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l tls-cert -d 'Serve TLS on the main port with this certificate (PEM)' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l tls-key -d 'The certificate\'s private key (PEM)' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l database-url -d 'Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value). Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq\'s service file, PG* variables, password file and defaults, as for psql. Prefer the environment: an argument with a password is visible in `ps` and shell history' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l env-file -d 'Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand standin" -s o -l output -d 'Output format: table (fitted to the terminal), wide (a table with every column), json, csv' -r -f -a "table\t''
wide\t''
json\t''
csv\t''"
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l audit-log -d 'Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl' -r -F
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l connect-timeout -d 'Give up connecting to the database after this many seconds. Default: the URL\'s connect_timeout (or PGCONNECT_TIMEOUT), else 10' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l statement-timeout -d 'Server-side limit for each SQL statement, in seconds' -r -f
complete -c provctl -n "__fish_provctl_using_subcommand standin" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l verbose -d 'Print each SQL statement (secret parameters shown as ***)'
complete -c provctl -n "__fish_provctl_using_subcommand standin" -s q -l quiet -d 'No informational messages on stderr (warnings and errors are still shown)'
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l docker -d 'When the database host name does not resolve here (a docker compose service such as `db`), ask the docker CLI for the address of that service\'s running container and connect to it (the name stays for TLS and the password file)'
complete -c provctl -n "__fish_provctl_using_subcommand standin" -l csv-raw -d 'CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas (cells starting with = + - @ get a leading \' by default)'
complete -c provctl -n "__fish_provctl_using_subcommand standin" -s h -l help -d 'Print help'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "users" -d 'List users (email, role, is_active, updated_at), newest updated first'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "keys" -d 'API keys: list, enable, disable, export, create, rotate, unbind'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "machines" -d 'List machines (a client\'s, every client\'s, stale ones) newest registered first; delete one'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "ingest-count" -d 'Count a client\'s ingest events'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "ingest-events" -d 'List a client\'s latest ingest events'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "verify-hash" -d 'Check stored password hashes are well-formed bcrypt (never shows more than 4 characters)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "verify-password" -d 'Check a password against a user\'s stored hash (password from a no-echo prompt or stdin)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "doctor" -d 'Check the connection, the schema and the data for known problems'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "provision" -d 'Provision clients from INI files (plan, confirmation, one transaction per INI)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "reset-client" -d 'Bring a beta client back to its initial state (no machines, no ingest, keys unbound)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "reset-password" -d 'Set a new password for a user (bcrypt $2b$ cost 12, verified before commit)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "test-login" -d 'Test the platform\'s login endpoint'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "test-ingest" -d 'Send one test ingestion to the platform with an API key'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "deliverable" -d 'Render the client delivery document (markdown)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "schema" -d 'The platform\'s schema as DDL: print it, or apply it to an empty database'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "demo" -d 'Run the whole runbook on a throwaway PostgreSQL started for the occasion'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "secrets" -d 'Generated secrets files: list, show, shred'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "clients" -d 'Clients: list, show (the whole picture), delete (offboarding)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "log" -d 'Read the audit log: each change with its outcome, newest first (no database needed)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "completions" -d 'Print shell completions'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "man" -d 'Print the man page (roff), or write one page per command with --dir'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "standin" -d 'Run a local stand-in of the platform API (tests, trying things out). Never against production'
complete -c provctl -n "__fish_provctl_using_subcommand help; and not __fish_seen_subcommand_from users keys machines ingest-count ingest-events verify-hash verify-password doctor provision reset-client reset-password test-login test-ingest deliverable schema demo secrets clients log completions man standin help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "list" -d 'List keys: id, name, is_active, machine_id, last_used_at, the bound machine\'s hostname (and the client, across clients), ordered by name. Never shows values'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "enable" -d 'Activate keys (shows which will change, asks, one transaction)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "disable" -d 'Deactivate keys (shows which will change, asks, one transaction)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "export" -d 'Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "create" -d 'Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the screen with --reveal)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "rotate" -d 'Give one key a new value (same name, row and machine binding); the old value stops working'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "unbind" -d 'Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from machines" -f -a "delete" -d 'Delete one machine of a client, with its incidents, events and metrics (typed hostname)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "print" -d 'Print the platform\'s schema (migration head 0003) as SQL'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from schema" -f -a "apply" -d 'Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from secrets" -f -a "list" -d 'Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from secrets" -f -a "show" -d 'Show a secrets file\'s entries (values only with --reveal on a terminal, or to a pipe)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from secrets" -f -a "shred" -d 'Overwrite, fsync and unlink secrets files (never through a symlink; confirmation)'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "list" -d 'List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "show" -d 'One client\'s whole picture: admins (hash status), keys (bound hostname), machines, settings, HTTP targets, incidents, secrets files'
complete -c provctl -n "__fish_provctl_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "delete" -d 'Offboard a client: delete every row of it (plan with every count, typed name, one transaction)'
