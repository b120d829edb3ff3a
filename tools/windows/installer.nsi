; The installer of SEGIB Desktop for Windows (NSIS 3, makensis runs on Linux: tools/windows/build.sh).
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DBUNDLE=dist/windows/segib-desktop -DOUTFILE=setup.exe installer.nsi
; Per user, without administrator rights: the program goes to %LOCALAPPDATA%\Programs\SEGIB Desktop,
; a shortcut to the Start menu, and the program's entry (with its version) to the user's list of
; programs (HKCU). The uninstaller removes the program and never the user's data, which lives elsewhere
; (%LOCALAPPDATA%\segib-desktop: database, backups, settings, logs) or, in portable mode, in data\
; beside the program (kept too).
; For IT: /S installs silently, /D=C:\Other\Folder chooses the folder (last on the command line, no
; quotes); the uninstaller takes /S too. See docs/packaging.md.
; Neither touches a running program: Windows lets no one replace or delete the .exe and DLLs a process
; has loaded, so an install or uninstall while SEGIB Desktop is open would leave them at the old version
; (NSIS's silent answer to a file it cannot write is Ignore). Both ask the user to close it first, and,
; silent (/S), end with exit status 2 and nothing changed; a file that still cannot be replaced or
; removed ends the install or uninstall with exit status 2 instead of success.

; A 64-bit installer, like the program: Windows 10/11 64-bit run it natively, and so does a Wine
; without 32-bit support (Debian's wine64 alone could not start the default 32-bit one).
Target amd64-unicode
!include "MUI2.nsh"

!ifndef VERSION | BUNDLE | OUTFILE
  !error "define VERSION, BUNDLE and OUTFILE (see the top of this file)"
!endif

!define APP "SEGIB Desktop"
!define EXE "segib-desktop.exe"
!define CLI_EXE "segib-desktop-cli.exe"
!define PUBLISHER "Secretaría General Iberoamericana"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SEGIB Desktop"
; Held by the program while it runs (segib_desktop/running.py, the same name).
!define RUNNING_MUTEX "Local\SEGIBDesktopRunning"
!define SYNCHRONIZE 0x00100000
; The exit status of an install or uninstall that changed nothing because the program is open, or that
; could not replace or remove a file (NSIS's own "aborted by the script"); 1 is the user's Cancel.
!define FAILED 2

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

LangString RUNNING ${LANG_SPANISH} "SEGIB Desktop está abierto. Ciérrelo (y también la ventana del símbolo \
del sistema donde se esté ejecutando segib-desktop-cli.exe) y pulse Reintentar."
LangString RUNNING ${LANG_PORTUGUESE} "O SEGIB Desktop está aberto. Feche-o (e também a janela da linha de \
comandos onde esteja a correr o segib-desktop-cli.exe) e clique em Repetir."
LangString RUNNING ${LANG_PORTUGUESEBR} "O SEGIB Desktop está aberto. Feche-o (e também a janela do Prompt \
de Comando onde o segib-desktop-cli.exe esteja em execução) e clique em Repetir."
LangString RUNNING ${LANG_ENGLISH} "SEGIB Desktop is open. Close it (and the command prompt window where \
segib-desktop-cli.exe is running, if any), then click Retry."
LangString NOT_REPLACED ${LANG_SPANISH} "SEGIB Desktop no se ha instalado por completo: otro programa tiene \
abierto un archivo de $INSTDIR. Cierre los programas abiertos (o reinicie Windows) y vuelva a ejecutar el \
instalador. Sus datos no se han tocado."
LangString NOT_REPLACED ${LANG_PORTUGUESE} "O SEGIB Desktop não foi instalado por completo: outro programa tem \
aberto um ficheiro de $INSTDIR. Feche os programas abertos (ou reinicie o Windows) e execute o instalador \
outra vez. Os seus dados não foram tocados."
LangString NOT_REPLACED ${LANG_PORTUGUESEBR} "O SEGIB Desktop não foi instalado por completo: outro programa \
está com um arquivo de $INSTDIR aberto. Feche os programas abertos (ou reinicie o Windows) e execute o \
instalador novamente. Seus dados não foram alterados."
LangString NOT_REPLACED ${LANG_ENGLISH} "SEGIB Desktop was not completely installed: another program has a \
file in $INSTDIR open. Close your programs (or restart Windows) and run the installer again. Your data has \
not been touched."
LangString NOT_REMOVED ${LANG_SPANISH} "SEGIB Desktop no se ha desinstalado por completo: otro programa tiene \
abierto un archivo de $INSTDIR. Cierre los programas abiertos (o reinicie Windows) y vuelva a desinstalarlo."
LangString NOT_REMOVED ${LANG_PORTUGUESE} "O SEGIB Desktop não foi desinstalado por completo: outro programa \
tem aberto um ficheiro de $INSTDIR. Feche os programas abertos (ou reinicie o Windows) e desinstale-o outra vez."
LangString NOT_REMOVED ${LANG_PORTUGUESEBR} "O SEGIB Desktop não foi desinstalado por completo: outro \
programa está com um arquivo de $INSTDIR aberto. Feche os programas abertos (ou reinicie o Windows) e \
desinstale-o novamente."
LangString NOT_REMOVED ${LANG_ENGLISH} "SEGIB Desktop was not completely uninstalled: another program has a \
file in $INSTDIR open. Close your programs (or restart Windows) and uninstall it again."

; Jumps to LABEL if FILE exists and cannot be opened for writing: a process has it loaded (or open).
!macro IF_IN_USE FILE LABEL
  ${If} ${FileExists} "${FILE}"
    ClearErrors
    FileOpen $0 "${FILE}" a
    IfErrors ${LABEL}
    FileClose $0
  ${EndIf}
!macroend

; Waits until SEGIB Desktop is closed: its mutex (held by every copy of the program from this version on),
; or either executable in $INSTDIR that cannot be opened for writing (a copy of an older version, which
; held no mutex). Asks Retry/Cancel; silent, or on Cancel, the installer or uninstaller ends here with
; nothing changed. Called by .onInit and un.onInit, and again before the files are touched: the program
; may have been started while the first page was open.
!macro WAIT_UNTIL_CLOSED un
Function ${un}WaitUntilClosed
  retry:
  System::Call 'kernel32::OpenMutexW(i ${SYNCHRONIZE}, i 0, w "${RUNNING_MUTEX}") p .r0'
  ${If} $0 P<> 0
    System::Call 'kernel32::CloseHandle(p r0)'
    Goto running
  ${EndIf}
  !insertmacro IF_IN_USE "$INSTDIR\${EXE}" running
  !insertmacro IF_IN_USE "$INSTDIR\${CLI_EXE}" running
  Return
  running:
  ${If} ${Silent}
    SetErrorLevel ${FAILED}
    Quit
  ${EndIf}
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(RUNNING)" IDRETRY retry
  SetErrorLevel 1
  Quit
FunctionEnd
!macroend
!insertmacro WAIT_UNTIL_CLOSED ""
!insertmacro WAIT_UNTIL_CLOSED "un."

Function .onInit
  Call WaitUntilClosed
FunctionEnd

Function un.onInit
  Call un.WaitUntilClosed
FunctionEnd

Section "${APP}"
  SetShellVarContext current
  Call WaitUntilClosed
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program's files: nothing of the old version stays mixed with the new.
  ; A file that could not be removed or written (another program has it open) ends the install with an
  ; error, never with success over a half-replaced program.
  RMDir /r "$INSTDIR\_internal"
  IfFileExists "$INSTDIR\_internal\*.*" not_replaced
  ClearErrors
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  IfErrors not_replaced
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
  Return
  not_replaced:
  DetailPrint "$(NOT_REPLACED)"
  MessageBox MB_OK|MB_ICONSTOP "$(NOT_REPLACED)" /SD IDOK
  SetErrorLevel ${FAILED}
  Abort
SectionEnd

; Removes what the installer wrote, and nothing else: the user's data (%LOCALAPPDATA%\segib-desktop)
; is never touched, and a portable data\ folder beside the program stays with its folder. The shortcut
; and the entry in the list of programs go last, once the program's files are gone: an uninstall that
; could not remove one stays in Settings > Apps, to be run again.
Section "Uninstall"
  SetShellVarContext current
  Call un.WaitUntilClosed
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  IfFileExists "$INSTDIR\_internal\*.*" not_removed
  IfFileExists "$INSTDIR\${EXE}" not_removed
  IfFileExists "$INSTDIR\${CLI_EXE}" not_removed
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  Return
  not_removed:
  DetailPrint "$(NOT_REMOVED)"
  MessageBox MB_OK|MB_ICONSTOP "$(NOT_REMOVED)" /SD IDOK
  SetErrorLevel ${FAILED}
  Abort
SectionEnd
