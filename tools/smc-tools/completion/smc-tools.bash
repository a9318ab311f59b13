# SPDX-License-Identifier: GPL-2.0
#
# bash completion for smcss, smcr, smc_pnet, smc_run, smc_chk and
# smcdump-ex.
#
# Installed once as completions/smcss; smcr, smc_pnet, smc_run, smc_chk
# and smcdump-ex are symbolic links to it, so bash-completion's on-demand
# loading finds it under any of the six names.
# shellcheck shell=bash

# _smc_words LIST: offer the words of LIST that start with the current word
_smc_words()
{
	local IFS=$'\n'

	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_smc_netdevs()
{
	local d

	for d in /sys/class/net/*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}

_smc_ibdevs()
{
	local d

	for d in /sys/class/infiniband/*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}

_smcss()
{
	local cur=${COMP_WORDS[COMP_CWORD]}

	COMPREPLY=()
	case $cur in
	--*)
		_smc_words "--all
--listening
--debug
--wide
--smcr
--smcd
--explain
--json
--version
--help"
		;;
	-*)
		_smc_words "-a
-l
-d
-W
-R
-D
-e
-v
-h"
		;;
	esac
}

_smcr()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i obj='' cmd='' nargs=0

	COMPREPLY=()
	# the object, its command and how many words follow them
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) [ -z "$obj" ] && continue ;;
		esac
		if [ -z "$obj" ]; then
			obj=${COMP_WORDS[i]}
		elif [ -z "$cmd" ]; then
			cmd=${COMP_WORDS[i]}
		else
			nargs=$((nargs + 1))
		fi
	done

	if [ -z "$obj" ]; then
		case $cur in
		-*)
			_smc_words "-v
-d
-dd
-a
-h
--version
--details
--absolute
--help"
			;;
		*)
			_smc_words "info
linkgroup
device
stats
ueid
policy
capture
help"
			;;
		esac
		return
	fi

	if [ -z "$cmd" ]; then
		case $obj in
		i*) _smc_words "show" ;;
		l*) _smc_words "show
link-show
help" ;;
		d*) _smc_words "show
help" ;;
		s*) _smc_words "show
reset
json
help" ;;
		u* | p*) _smc_words "add
del
flush
show
help" ;;
		c*) _smc_words "attach
detach
show
help" ;;
		esac
		return
	fi

	case $obj in
	c*)
		# capture attach NETDEV [snaplen N] [events LIST] [modes LIST]
		case $prev in
		events) _smc_words "all
llc
cdc
data
llc,cdc" ;;
		modes) _smc_words "all
smcr
smcd" ;;
		snaplen) ;;
		*)
			if [ "$nargs" = 0 ]; then
				case $cmd in
				a* | d*) _smc_words "$(_smc_netdevs)" ;;
				esac
			elif [ "${cmd:0:1}" = a ]; then
				_smc_words "snaplen
events
modes"
			fi
			;;
		esac
		;;
	p*)
		# policy {add | del} PREFIX [port PORT]
		case $cmd in
		a* | d*) [ "$nargs" = 1 ] && _smc_words "port" ;;
		esac
		;;
	l* | d*)
		case $prev in
		ibdev) _smc_words "$(_smc_ibdevs)" ;;
		netdev) _smc_words "$(_smc_netdevs)" ;;
		type) ;;
		*)
			[ "$nargs" = 0 ] && _smc_words "all
type
ibdev
netdev"
			;;
		esac
		;;
	esac
}

_smc_pnet()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}

	COMPREPLY=()
	case $prev in
	-I | --interface)
		_smc_words "$(_smc_netdevs)"
		return
		;;
	-D | --ibdevice)
		_smc_words "$(_smc_ibdevs)"
		return
		;;
	-P | --ibport)
		_smc_words "1
2"
		return
		;;
	esac
	case $cur in
	-*)
		_smc_words "-a
-d
-s
-f
-I
-D
-P
-v
-h
--add
--delete
--show
--flush
--interface
--ibdevice
--ibport
--version
--help"
		;;
	esac
}

_smc_run()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i

	COMPREPLY=()
	# after the first word that is not an option: the command's own words
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-r | -t) i=$((i + 1)) ;;
		-*) ;;
		*)
			if declare -F _command_offset >/dev/null; then
				_command_offset "$i"
			fi
			return
			;;
		esac
	done
	case $prev in
	-r | -t) return ;;
	esac
	case $cur in
	-*)
		_smc_words "-d
-r
-t
-v
-h"
		;;
	*)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -c -- "$cur"))
		;;
	esac
}

_smc_chk()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}

	COMPREPLY=()
	case $prev in
	-p | --port | -c | --count | -t | --timeout | -B | --bind) return ;;
	esac
	case $cur in
	-*)
		_smc_words "-S
-p
-c
-B
-t
-4
-6
-v
-h
--server
--port
--count
--bind
--timeout
--replay
--version
--help"
		;;
	*)
		# the HOST of the client and of --replay
		if declare -F _known_hosts_real >/dev/null; then
			_known_hosts_real -- "$cur"
		fi
		;;
	esac
}

_smcdump_ex()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}

	COMPREPLY=()
	case $prev in
	-m | --mode)
		_smc_words "all
smc
smcd
smcr"
		return
		;;
	-t | --type)
		_smc_words "all
raw
cdc"
		return
		;;
	--param | --filter | --snaplen)
		return
		;;
	esac
	_smc_words "-h
-m
-t
--help
--mode
--type
--param
--filter
--snaplen
--legacy"
}

complete -F _smcss smcss
complete -F _smcr smcr
complete -F _smc_pnet smc_pnet
complete -F _smc_run smc_run
complete -F _smc_chk smc_chk
complete -F _smcdump_ex smcdump-ex
