# Messages in the style of the buildpacks/samples buildpacks: a header per step, details indented.
step() { printf -- '---> %s\n' "$*"; }
detail() { printf '     %s\n' "$*"; }
# An error the user can act on; goes to stderr, which the lifecycle shows with the buildpack's output.
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
# Something the user should know that does not stop the build.
warn() { printf 'WARNING: %s\n' "$*" >&2; }
