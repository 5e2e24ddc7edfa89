#!/bin/sh
# Install the Linux bundle that `make package` built (dist/inward) with its menu entry,
# icons and AppStream metadata.
#
#   packaging/linux/install.sh                     # for you: ~/.local
#   sudo packaging/linux/install.sh --prefix /usr/local   # for everyone
#   packaging/linux/install.sh --uninstall [--prefix PREFIX]
#
# Puts the bundle in PREFIX/lib/inward, a link PREFIX/bin/inward (so the menu entry's
# `inward` and `inward --start-session` work; PREFIX/bin must be on PATH, as ~/.local/bin
# is on most desktops), and the .desktop file, metainfo and icons under PREFIX/share.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix="${HOME}/.local"
bundle="${root}/dist/inward"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --bundle) bundle="$2"; shift 2 ;;
        --uninstall) action=uninstall; shift ;;
        *) echo "usage: $0 [--prefix PREFIX] [--bundle DIR] [--uninstall]" >&2; exit 2 ;;
    esac
done

share="${prefix}/share"
sizes="16 24 32 48 64 128 256 512"

if [ "$action" = uninstall ]; then
    rm -rf "${prefix}/lib/inward"
    rm -f "${prefix}/bin/inward" "${share}/applications/inward.desktop" \
        "${share}/metainfo/org.inward.Inward.metainfo.xml"
    for size in $sizes; do rm -f "${share}/icons/hicolor/${size}x${size}/apps/inward.png"; done
    echo "Removed Inward from ${prefix} (your data folder is left as it is)."
    exit 0
fi

if [ ! -x "${bundle}/inward" ]; then
    echo "No bundle at ${bundle}: run \`make package\` first." >&2
    exit 1
fi
mkdir -p "${prefix}/lib" "${prefix}/bin" "${share}/applications" "${share}/metainfo"
rm -rf "${prefix}/lib/inward"
cp -a "${bundle}" "${prefix}/lib/inward"
ln -sf "${prefix}/lib/inward/inward" "${prefix}/bin/inward"
# The menu entry names the program by its full path: a first install's ~/.local/bin is often
# not on the desktop session's PATH until the next log-in, and TryExec would hide the entry.
sed -e "s|^Exec=inward|Exec=${prefix}/bin/inward|" -e "s|^TryExec=inward|TryExec=${prefix}/bin/inward|" \
    "${here}/inward.desktop" >"${share}/applications/inward.desktop"
cp "${here}/org.inward.Inward.metainfo.xml" "${share}/metainfo/"
for size in $sizes; do
    mkdir -p "${share}/icons/hicolor/${size}x${size}/apps"
    cp "${root}/packaging/icons/inward-${size}.png" "${share}/icons/hicolor/${size}x${size}/apps/inward.png"
done
# Menus and icon caches pick the new entry up at once where these tools exist.
command -v update-desktop-database >/dev/null 2>&1 &&
    update-desktop-database -q "${share}/applications" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 &&
    gtk-update-icon-cache -q -t "${share}/icons/hicolor" 2>/dev/null || true
echo "Installed Inward in ${prefix}: run \`inward\` or find it in your applications menu."
