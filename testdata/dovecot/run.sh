#!/bin/sh
# Starts a private Dovecot IMAP server for the tests, in the foreground:
#   run.sh DIR PORT USER PASSWORD
# Everything (configuration, mail, state, log) lives under DIR; it listens on
# 127.0.0.1:PORT only and runs as the user who starts it. No system service.
set -eu
dir=$1 port=$2 user=$3 password=$4
mkdir -p "$dir/run" "$dir/state" "$dir/mail" "$dir/home"
# Dovecot refuses to run its login and mail processes as root: under root
# (as in CI) they run as nobody, who then owns the mail folders.
if [ "$(id -u)" = 0 ]; then
  me=nobody group=$(id -gn nobody)
  chown -R nobody "$dir/mail" "$dir/home"
  chmod 755 "$dir"
else
  me=$(id -un) group=$(id -gn)
fi
uid=$(id -u "$me") gid=$(id -g "$me")
printf '%s:{PLAIN}%s:%s:%s::%s/home/%s\n' "$user" "$password" "$uid" "$gid" "$dir" "$user" > "$dir/passwd"
cat > "$dir/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $me
default_internal_group = $group
default_login_user = $me
mail_location = maildir:$dir/mail/%u
mail_uid = $uid
mail_gid = $gid
first_valid_uid = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/passwd
}
userdb {
  driver = passwd-file
  args = $dir/passwd
}
namespace inbox {
  inbox = yes
  mailbox Archive {
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0600
  }
}
CONF
exec dovecot -F -c "$dir/dovecot.conf"
