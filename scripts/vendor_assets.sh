#!/usr/bin/env bash
# Copy the NL Design System CSS (Utrecht component library + design tokens) into the package's static
# files, and axe-core into the browser tests, from the npm registry. Run by hand when upgrading; the
# copied files are committed, so neither the server nor the tests fetch anything at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
CSS_VERSION="${CSS_VERSION:-9.0.4}"      # @utrecht/component-library-css  (EUPL-1.2)
TOKENS_VERSION="${TOKENS_VERSION:-5.0.1}" # @utrecht/design-tokens          (CC0-1.0)
AXE_VERSION="${AXE_VERSION:-4.14.1}"      # axe-core                        (MPL-2.0), tests only
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "@utrecht/component-library-css@$CSS_VERSION" \
    "@utrecht/design-tokens@$TOKENS_VERSION" "axe-core@$AXE_VERSION" >/dev/null )
for tgz in "$work"/*.tgz; do mkdir -p "${tgz%.tgz}"; tar xzf "$tgz" -C "${tgz%.tgz}"; done
static=vpt_rules/server/static/vendor
axe=tests/server/browser/vendor
mkdir -p "$static/utrecht-component-library-css" "$static/utrecht-design-tokens" "$axe"
css="$work/utrecht-component-library-css-$CSS_VERSION/package"
tokens="$work/utrecht-design-tokens-$TOKENS_VERSION/package"
axepkg="$work/axe-core-$AXE_VERSION/package"
cp "$css/dist/index.css" "$css/LICENSE.md" "$static/utrecht-component-library-css/"
cp "$tokens/dist/theme.css" "$tokens/LICENSE.md" "$static/utrecht-design-tokens/"
cp "$axepkg/axe.min.js" "$axepkg/LICENSE" "$axe/"
cat > "$static/VERSIONS" <<TXT
@utrecht/component-library-css $CSS_VERSION (EUPL-1.2)
@utrecht/design-tokens $TOKENS_VERSION (CC0-1.0)
TXT
echo "axe-core $AXE_VERSION (MPL-2.0)" > "$axe/VERSION"
echo "vendored into $static and $axe"
