/*
 * TEST-ONLY. NEVER SHIPPED. Used only by scripts/dist-test-windows.sh, which
 * builds it and copies it into a throwaway Wine prefix's system32.
 *
 * Go (1.22 and later) fills its random numbers with ProcessPrng from
 * bcryptprimitives.dll and stops at start when that DLL is missing. Every
 * Windows 10 and 11 has it; Debian's Wine 8 does not. This DLL exports
 * ProcessPrng over advapi32's SystemFunction036 (RtlGenRandom), which Wine
 * has, so the Windows build of assessbridge can be run under Wine here.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *            bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* BOOL ProcessPrng(PBYTE pbData, SIZE_T cbData): fills pbData with cbData
 * random bytes; Windows documents that it always returns TRUE. This one
 * returns FALSE if RtlGenRandom fails, which Go treats as fatal. */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
		if (!SystemFunction036(data, chunk))
			return FALSE;
		data += chunk;
		size -= chunk;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	(void)instance;
	(void)reason;
	(void)reserved;
	return TRUE;
}
