#!/usr/bin/env bash
# A real one-node Slurm cluster on localhost for tests, as ../shared/docs/SLURM.md describes:
# every daemon in the foreground under setsid, all state under one folder, stopped by PID.
#   cluster.sh up DIR     start munged, slurmctld, slurmd; prints SLURM_CONF=DIR/slurm.conf
#   cluster.sh down DIR   scancel every job, wait for squeue to empty, stop the daemons by PID
# Needs Debian's slurmctld slurmd slurm-client munge packages; fails loudly without them.
set -euo pipefail
cmd="${1:?usage: cluster.sh up|down DIR}"
dir="$(mkdir -p "${2:?usage: cluster.sh up|down DIR}" && cd "$2" && pwd)"
export SLURM_CONF="$dir/slurm.conf"

up() {
  for p in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
    command -v "$p" >/dev/null || { echo "cluster.sh: $p not found (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 3; }
  done
  mkdir -p "$dir/munge" "$dir/spool/ctld" "$dir/spool/d" "$dir/log" "$dir/run"
  chmod 755 "$dir/munge"
  head -c 1024 /dev/urandom > "$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"
  local host ctl_port d_port node_line user
  host="$(hostname -s)"
  ctl_port=$(( 20000 + RANDOM % 20000 )); d_port=$(( ctl_port + 1 ))
  node_line="$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]* //')"
  user="$(id -un)"
  cat > "$SLURM_CONF" <<CONF
ClusterName=labtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=$user
SlurmdUser=root
SlurmctldPort=$ctl_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/spool/ctld
SlurmdSpoolDir=$dir/spool/d
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
MpiDefault=none
MailProg=/bin/true
DependencyParameters=kill_invalid_depend
MinJobAge=3600
SchedulerParameters=sched_interval=1
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 $node_line State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  setsid munged -F --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed" \
    </dev/null >"$dir/log/munged.out" 2>&1 &
  echo $! > "$dir/munged.pid"
  for _ in $(seq 50); do [ -S "$dir/munge/munge.socket" ] && break; sleep 0.1; done
  setsid slurmctld -D -f "$SLURM_CONF" </dev/null >"$dir/log/slurmctld.out" 2>&1 &
  echo $! > "$dir/slurmctld.pid"
  setsid slurmd -D -f "$SLURM_CONF" </dev/null >"$dir/log/slurmd.out" 2>&1 &
  echo $! > "$dir/slurmd.pid"
  for _ in $(seq 100); do
    if sinfo -h -o '%T' 2>/dev/null | grep -q '^idle'; then
      echo "SLURM_CONF=$SLURM_CONF"
      return 0
    fi
    sleep 0.2
  done
  echo "cluster.sh: the node did not become idle in 20 s; logs in $dir/log" >&2
  tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
  down
  exit 1
}

down() {
  if [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    # Job step processes outlive slurmd: cancel everything and wait for the queue to empty first.
    scancel --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 100); do
      [ -z "$(squeue -h -t all -o '%i %T' 2>/dev/null | grep -v -E 'COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE' || true)" ] && break
      sleep 0.2
    done
  fi
  for d in slurmd slurmctld munged; do
    f="$dir/$d.pid"
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}

case "$cmd" in
  up) up ;;
  down) down ;;
  *) echo "usage: cluster.sh up|down DIR" >&2; exit 2 ;;
esac
