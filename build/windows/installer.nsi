; Setup for the assessbridge desktop app on Windows 10 and 11 (64-bit).
;
; Built by scripts/dist-windows.sh with Debian's makensis:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.9.0 -DEXE=assessbridge.exe \
;     -DICON=assessbridge.ico -DWEBVIEW2_BOOTSTRAPPER=MicrosoftEdgeWebview2Setup.exe \
;     -DOUTFILE=assessbridge-0.9.0-windows-amd64-setup.exe installer.nsi
;
; It installs for the signed-in user only, so it never asks for administrator
; rights: the program goes to %LocalAppData%\Programs\assessbridge, with a
; Start-menu shortcut and an entry in Settings → Apps (HKCU). When Microsoft
; Edge WebView2 (which draws the app's window) is missing, it runs Microsoft's
; bootstrapper, which ships inside Setup, the way Wails documents it.
; The uninstaller removes the program, its shortcut and its entries, never
; the recruiter's data folder (%AppData%\assessbridge).
;
; Exit codes in silent mode (/S): 0 done; 1 cancelled or failed (NSIS);
; 2 assessbridge was open and could not be closed; 3 installed, but WebView2
; is missing and could not be installed; 4 not Windows 10/11 64-bit.

!ifndef VERSION | EXE | ICON | WEBVIEW2_BOOTSTRAPPER | OUTFILE
  !error "Give -DVERSION=, -DEXE=, -DICON=, -DWEBVIEW2_BOOTSTRAPPER= and -DOUTFILE= (scripts/dist-windows.sh does)"
!endif
; VIProductVersion wants four numbers; VERSION may carry a suffix (0.9.0-rc1).
!ifndef VERSION_NUMBERS
  !define VERSION_NUMBERS "${VERSION}"
!endif

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true
ManifestSupportedOS {8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}
RequestExecutionLevel user

!define APP "assessbridge"
!define APP_EXE "assessbridge.exe"
!define PUBLISHER "assessbridge"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\assessbridge"
; What Windows reports for a running desktop app: the single-instance mutex of
; Wails ("wails-app-" + the app's UniqueId + "sim"; app/window_desktop.go).
!define APP_MUTEX "wails-app-io.github.assessbridge.desktopsim"
; The Evergreen WebView2 Runtime's client id (Microsoft's distribution guide).
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APP}"
Caption "${APP} ${VERSION} Setup"
UninstallCaption "Remove ${APP}"
BrandingText "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails hide
ShowUninstDetails hide

VIProductVersion "${VERSION_NUMBERS}.0"
VIFileVersion "${VERSION_NUMBERS}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APP}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP} Setup"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "© 2026 the assessbridge authors"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_ABORTWARNING_TEXT "Stop installing ${APP}? Nothing has been changed on this computer yet."

!define MUI_WELCOMEPAGE_TITLE "Install ${APP} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "${APP} invites your Lever candidates to Qualified assessments and brings their results back into Lever.$\r$\n$\r$\nIt is installed for you only, so you do not need an administrator. If ${APP} is open, Setup closes it first; your candidates, settings and connections are kept.$\r$\n$\r$\nClick Install to continue."
!define MUI_PAGE_CUSTOMFUNCTION_SHOW WelcomeShow
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP} is installed"
!define MUI_FINISHPAGE_TEXT "You will find ${APP} in the Start menu."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APP} now"
!insertmacro MUI_PAGE_FINISH

; Four lines at most fit above "Uninstalling from".
!define MUI_UNCONFIRMPAGE_TEXT_TOP "${APP} will be removed from this computer. Your data is not deleted: candidates, invitations, results and settings stay in $APPDATA\${APP}, and your keys stay too, so nothing is lost if you install it again."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Function WelcomeShow
  ; The next page installs at once: say so on the button.
  GetDlgItem $0 $HWNDPARENT 1
  SendMessage $0 ${WM_SETTEXT} 0 "STR:&Install"
FunctionEnd

; CloseRunningApp: when assessbridge is open (its window, or any program
; holding the installed exe), asks it to close (taskkill without /F sends
; its window WM_CLOSE: the app stops its work cleanly, as when the recruiter
; closes it) and waits for it. Interactive: asks first, and offers Retry if
; it stays open. Silent: closes without asking, exit code 2 if it stays open.
!macro CLOSE_RUNNING_APP un so_that
Function ${un}AppIsRunning
  ; Pushes 1 when assessbridge is open for this user, else 0.
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${APP_MUTEX}") p .r1'
  ${If} $1 P<> 0
    System::Call 'kernel32::CloseHandle(p r1)'
    Push 1
    Return
  ${EndIf}
  ; A running exe cannot be opened for writing (a `serve` started from here, too).
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    ClearErrors
    FileOpen $1 "$INSTDIR\${APP_EXE}" a
    ${If} ${Errors}
      Push 1
      Return
    ${EndIf}
    FileClose $1
  ${EndIf}
  Push 0
FunctionEnd

Function ${un}CloseRunningApp
  Call ${un}AppIsRunning
  Pop $0
  ${If} $0 == 0
    Return
  ${EndIf}
  ${IfNot} ${Silent}
    MessageBox MB_OKCANCEL|MB_ICONINFORMATION "${APP} is open. It needs to close ${so_that}; it finishes what it is doing first, and nothing is lost.$\r$\n$\r$\nClick OK to close ${APP}, or Cancel to stop." IDOK close
    Quit
  ${EndIf}
  close:
  DetailPrint "Closing ${APP}…"
  again:
  nsExec::Exec '"$SYSDIR\taskkill.exe" /IM ${APP_EXE}'
  Pop $0
  ; Up to 30 seconds for the app to finish what it was doing.
  StrCpy $2 0
  ${Do}
    Sleep 500
    Call ${un}AppIsRunning
    Pop $0
    ${If} $0 == 0
      Sleep 500 ; let Windows release the file
      Return
    ${EndIf}
    IntOp $2 $2 + 1
  ${LoopUntil} $2 >= 60
  ${If} ${Silent}
    SetErrorLevel 2
    Quit
  ${EndIf}
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP} is still open. Close its window, then click Retry.$\r$\n$\r$\nIf it runs without a window (started by your IT team as a service), ask them to stop it first." IDRETRY again
  Quit
FunctionEnd
!macroend
!insertmacro CLOSE_RUNNING_APP "" "before Setup can go on"
!insertmacro CLOSE_RUNNING_APP "un." "before it can be removed"

; WebView2Installed: pushes 1 when the Evergreen WebView2 Runtime is there,
; for the machine or for this user (a version "pv" that is neither empty nor
; 0.0.0.0, as Microsoft's distribution guide says to check), else 0.
Function WebView2Installed
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    Push 0
  ${Else}
    Push 1
  ${EndIf}
FunctionEnd

Function .onInit
  SetShellVarContext current
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    ${IfNot} ${Silent}
      MessageBox MB_OK|MB_ICONSTOP "${APP} needs Windows 10 or Windows 11 (64-bit). This computer has an older or 32-bit Windows, so ${APP} cannot be installed here."
    ${EndIf}
    SetErrorLevel 4
    Quit
  ${EndIf}
  SetRegView 64
FunctionEnd

Section "${APP}" SecApp
  SectionIn RO
  SetShellVarContext current
  Call CloseRunningApp

  SetOutPath "$INSTDIR"
  File "/oname=${APP_EXE}" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 "" "" "Invite Lever candidates to Qualified assessments"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$\"$INSTDIR\${APP_EXE}$\",0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  ; Microsoft Edge WebView2 draws the app's window. Windows 11 and most
  ; Windows 10 have it; otherwise Microsoft's bootstrapper (inside Setup)
  ; installs it, downloading it from Microsoft.
  Call WebView2Installed
  Pop $0
  ${If} $0 == 0
    DetailPrint "Installing Microsoft Edge WebView2, which shows ${APP}'s window…"
    InitPluginsDir
    File "/oname=$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" "${WEBVIEW2_BOOTSTRAPPER}"
    ClearErrors
    ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" /silent /install' $1
    ${If} ${Errors}
      StrCpy $1 "could not be started"
    ${EndIf}
    Call WebView2Installed
    Pop $0
    ${If} $0 == 0
      DetailPrint "Microsoft Edge WebView2 could not be installed (bootstrapper: $1)."
      SetErrorLevel 3
      ${IfNot} ${Silent}
        MessageBox MB_OK|MB_ICONEXCLAMATION "${APP} is installed, but it cannot open its window yet: it needs Microsoft Edge WebView2, and Setup could not install it. Installing it needs an internet connection.$\r$\n$\r$\nConnect to the internet and run this Setup again, or ask your IT team to install the $\"Microsoft Edge WebView2 Runtime$\"."
      ${EndIf}
    ${EndIf}
  ${EndIf}
SectionEnd

Function un.onInit
  SetShellVarContext current
  SetRegView 64
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.CloseRunningApp

  Delete "$SMPROGRAMS\${APP}.lnk"
  ; Start at login, if the app was asked to (a Run entry or a Startup shortcut).
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${APP}"
  Delete "$SMSTARTUP\${APP}.lnk"
  ; The window's browser cache (WebView2 keeps it beside the data folder,
  ; named after the exe); not the recruiter's data.
  RMDir /r "$APPDATA\${APP_EXE}"

  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  ; Only if empty: never delete what the recruiter put there.
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  DetailPrint "Your data is kept in $APPDATA\${APP}."
SectionEnd
