package app

// webView2Messages are what the Windows desktop app says when the Microsoft
// Edge WebView2 runtime it draws its window with is missing or broken: in a
// recruiter's words, since the app's own pages cannot show yet. The installer
// puts the runtime in place; these appear only where that failed or it was
// removed later. Wails passes some of them to fmt.Errorf as the format, so
// none may hold a percent sign.
var webView2Messages = struct {
	InstallationRequired, UpdateRequired, MissingRequirements, NotInstalled, Error,
	FailedToInstall, DownloadPage, PressOKToInstall, ContactAdmin, InvalidFixed, ProcessCrash string
}{
	InstallationRequired: "assessbridge shows its window with Microsoft Edge WebView2, which is not on this computer. " +
		"Press OK to download it from Microsoft and install it. This takes a minute or two and shows nothing while it works.",
	UpdateRequired: "assessbridge needs a newer Microsoft Edge WebView2 than this computer has. " +
		"Press OK to download the update from Microsoft and install it. This takes a minute or two and shows nothing while it works.",
	MissingRequirements: "assessbridge needs Microsoft Edge WebView2",
	NotInstalled:        "Microsoft Edge WebView2 is not installed, so assessbridge cannot open its window",
	Error:               "assessbridge could not start",
	FailedToInstall: "Microsoft Edge WebView2 could not be installed. Check the internet connection and open assessbridge again, " +
		"or ask whoever looks after this computer to install Microsoft Edge WebView2.",
	DownloadPage:     "assessbridge needs Microsoft Edge WebView2. Press OK to open Microsoft's download page. The version needed is at least ",
	PressOKToInstall: " Press OK to install it.",
	ContactAdmin: "assessbridge needs Microsoft Edge WebView2, which is not on this computer. " +
		"Ask whoever looks after this computer to install it.",
	InvalidFixed: "The copy of Microsoft Edge WebView2 assessbridge was told to use cannot be used. " +
		"Ask whoever looks after this computer to check it.",
	ProcessCrash: "The part of Windows that draws assessbridge's window stopped. Close assessbridge and open it again: " +
		"candidates are not affected, and nothing is lost.",
}
