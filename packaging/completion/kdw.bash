# SPDX-License-Identifier: MIT
# bash completion for kdw. The commands and each command's options are read from kdw's own --help
# (CLI11's Subcommands and Options lists), so they are never out of date with the installed kdw.
_kdw_commands()
{
    "$1" --help 2>/dev/null | awk 'tolower($0) ~ /^subcommands:/ {on = 1; next} /^[^ ]/ {on = 0} on && /^  [a-z]/ {print $1}'
}

_kdw_options()
{
    "$1" "$2" --help 2>/dev/null | grep -oE '(^|[ ,])--?[A-Za-z][-A-Za-z0-9]*' | tr -d ' ,' | sort -u
}

_kdw()
{
    local cur prev words cword
    _init_completion || return
    local command="" i
    for ((i = 1; i < cword; i++)); do
        if [[ "${words[i]}" != -* ]]; then
            command="${words[i]}"
            break
        fi
    done
    case "$prev" in
    --config | --db | --report | --out | -o | --csv)
        _filedir
        return
        ;;
    esac
    if [[ -z "$command" ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_kdw_commands "${words[0]}") --help --version" -- "$cur")
    elif [[ "$cur" == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_kdw_options "${words[0]}" "$command")" -- "$cur")
    else
        _filedir
    fi
}
complete -F _kdw kdw
