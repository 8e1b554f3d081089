# shellcheck shell=bash
# Shell functions the benchmark scripts share (bench/run.sh, bench/probe.sh); source it after
# bin/lib.sh. They use the caller's OUT (results directory) in error messages.

# Free ports come from NEXT_PORT upwards, below the kernel's ephemeral ports (32768 and up),
# which outgoing connections take.
NEXT_PORT=$((10000 + RANDOM % 15000))

# Sets PORT to a free port (not in a subshell: it advances NEXT_PORT).
# shellcheck disable=SC2034 # PORT is for the caller
free_port() {
	while port_in_use "$NEXT_PORT"; do
		NEXT_PORT=$((NEXT_PORT + 1))
	done
	PORT=$NEXT_PORT
	NEXT_PORT=$((NEXT_PORT + 1))
}

# Waits until a process started by the caller listens on its port.
await_port() {
	local port=$1 pid=$2 what=$3 i
	for ((i = 0; i < 600; i++)); do
		port_in_use "$port" && return 0
		kill -0 "$pid" 2>/dev/null || die "$what exited (see $OUT/logs)"
		sleep 0.1
	done
	die "$what did not open port $port"
}

# Prints the path of the Nchan module, or fails.
find_nchan() {
	local module
	for module in /usr/lib/nginx/modules/ngx_nchan_module.so /usr/share/nginx/modules/ngx_nchan_module.so \
		/usr/lib64/nginx/modules/ngx_nchan_module.so; do
		[[ -f $module ]] && { echo "$module"; return; }
	done
	return 1
}

# Writes PREFIX/nginx.conf of an nginx node with Nchan on one Redis, publishing on
# /pub/{channel} and subscribing (EventSource) on /sub/{channel}: like ssegate, a history of
# 1000 events per channel and a comment every 15 s.
#   write_nchan_conf PREFIX PORT REDIS_PORT MODULE
write_nchan_conf() {
	local prefix=$1 port=$2 redis_port=$3 module=$4
	mkdir -p "$prefix/temp"
	cat >"$prefix/nginx.conf" <<-CONF
		load_module $module;
		worker_processes auto;
		worker_rlimit_nofile 20000;
		pid $prefix/nginx.pid;
		error_log $prefix/error.log warn;
		events {
		    worker_connections 20000;
		}
		http {
		    access_log off;
		    keepalive_timeout 600s;
		    keepalive_requests 10000000;
		    client_body_temp_path $prefix/temp/client_body;
		    proxy_temp_path $prefix/temp/proxy;
		    fastcgi_temp_path $prefix/temp/fastcgi;
		    uwsgi_temp_path $prefix/temp/uwsgi;
		    scgi_temp_path $prefix/temp/scgi;
		    upstream nchan_redis {
		        nchan_redis_server "redis://127.0.0.1:$redis_port";
		    }
		    nchan_message_buffer_length 1000;
		    nchan_message_timeout 1h;
		    server {
		        listen 127.0.0.1:$port;
		        location ~ ^/pub/([A-Za-z0-9._:-]+)\$ {
		            nchan_publisher;
		            nchan_channel_id \$1;
		            nchan_redis_pass nchan_redis;
		        }
		        location ~ ^/sub/([A-Za-z0-9._:-]+)\$ {
		            nchan_subscriber eventsource;
		            nchan_channel_id \$1;
		            nchan_redis_pass nchan_redis;
		            nchan_eventsource_ping_interval 15;
		        }
		    }
		}
	CONF
}

# Starts two nginx nodes with Nchan on one Redis, configured by write_nchan_conf under
# WORK/nchan-1 and -2, logging to OUT/logs; sets NCHAN_PORTS and NCHAN_PIDS and adds the pids
# to the caller's PIDS (which its exit trap stops).
#   start_nchan_nodes REDIS_PORT MODULE
start_nchan_nodes() {
	local redis_port=$1 module=$2 i prefix
	NCHAN_PORTS=()
	NCHAN_PIDS=()
	for i in 1 2; do
		free_port
		prefix="$WORK/nchan-$i"
		write_nchan_conf "$prefix" "$PORT" "$redis_port" "$module"
		nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;' \
			>"$OUT/logs/nchan-$i.log" 2>&1 &
		NCHAN_PIDS+=($!)
		PIDS+=($!)
		NCHAN_PORTS+=("$PORT")
		await_port "$PORT" "${NCHAN_PIDS[-1]}" "nginx (nchan) $i"
	done
}
