; The installer of SEGIB Desktop for Windows (NSIS 3, makensis runs on Linux: tools/windows/build.sh).
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DBUNDLE=dist/windows/segib-desktop -DOUTFILE=setup.exe installer.nsi
; Per user, without administrator rights: the program goes to %LOCALAPPDATA%\Programs\SEGIB Desktop,
; a shortcut to the Start menu, and the program's entry (with its version) to the user's list of
; programs (HKCU). The uninstaller removes the program and never the user's data, which lives elsewhere
; (%LOCALAPPDATA%\segib-desktop: database, backups, settings, logs) or, in portable mode, in data\
; beside the program (kept too).
; For IT: /S installs silently, /D=C:\Other\Folder chooses the folder (last on the command line, no
; quotes); the uninstaller takes /S too. See docs/packaging.md.

; A 64-bit installer, like the program: Windows 10/11 64-bit run it natively, and so does a Wine
; without 32-bit support (Debian's wine64 alone could not start the default 32-bit one).
Target amd64-unicode
!include "MUI2.nsh"

!ifndef VERSION | BUNDLE | OUTFILE
  !error "define VERSION, BUNDLE and OUTFILE (see the top of this file)"
!endif

!define APP "SEGIB Desktop"
!define EXE "segib-desktop.exe"
!define PUBLISHER "Secretaría General Iberoamericana"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SEGIB Desktop"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
; zlib, not lzma: 36 s instead of 5 minutes on the 2-core CI machine, for a 45 MB installer instead of 29 MB.
SetCompressor zlib
ShowInstDetails nevershow
ShowUninstDetails nevershow

; The installer's own version resource (Windows wants four numbers).
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} ${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${BUNDLE}/_internal/resources/icons/segib-desktop.ico"
!define MUI_UNICON "${BUNDLE}/_internal/resources/icons/segib-desktop.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; The first is the default; otherwise Windows' display language chooses.
!insertmacro MUI_LANGUAGE "Spanish"
!insertmacro MUI_LANGUAGE "Portuguese"
!insertmacro MUI_LANGUAGE "PortugueseBR"
!insertmacro MUI_LANGUAGE "English"

Section "${APP}"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program's files: nothing of the old version stays mixed with the new.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  SectionGetSize 0 $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

; Removes what the installer wrote, and nothing else: the user's data (%LOCALAPPDATA%\segib-desktop)
; is never touched, and a portable data\ folder beside the program stays with its folder.
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\segib-desktop.exe"
  Delete "$INSTDIR\segib-desktop-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
