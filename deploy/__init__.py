"""Installing where there is no internet: `make bundle` (deploy/bundle.py) builds one archive with
the app, every runtime wheel and `install.sh` (deploy/install.sh); deploy/envfile.py writes the
template of the systemd unit's EnvironmentFile."""
