#include "CKernelLoader.h"

#if defined(__linux__)
#include <signal.h>
#include <sys/prctl.h>
#endif

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { record_separator = 0x1e };

static pthread_mutex_t capture_lock = PTHREAD_MUTEX_INITIALIZER;
static char *capture_text;
static size_t capture_length;
static size_t capture_capacity;

static int reserve(size_t extra) {
    if (capture_length + extra + 1 <= capture_capacity) return 0;
    size_t capacity = capture_capacity ? capture_capacity : 4096;
    while (capture_length + extra + 1 > capacity) capacity *= 2;
    char *grown = realloc(capture_text, capacity);
    if (!grown) return -1;
    capture_text = grown;
    capture_capacity = capacity;
    return 0;
}

static int capture(int level, const char *format, va_list arguments) {
    va_list sizing;
    va_copy(sizing, arguments);
    int needed = vsnprintf(NULL, 0, format, sizing);
    va_end(sizing);
    if (needed < 0) return needed;

    pthread_mutex_lock(&capture_lock);
    if (reserve((size_t)needed + 2) == 0) {
        capture_text[capture_length++] = (char)('0' + (level < 0 ? 0 : level > 9 ? 9 : level));
        vsnprintf(capture_text + capture_length, (size_t)needed + 1, format, arguments);
        capture_length += (size_t)needed;
        capture_text[capture_length++] = record_separator;
        capture_text[capture_length] = '\0';
    }
    pthread_mutex_unlock(&capture_lock);
    return needed;
}

void *bpfsim_libbpf_print_callback(void) {
    return (void *)&capture;
}

char *bpfsim_libbpf_print_take(void) {
    pthread_mutex_lock(&capture_lock);
    char *text = capture_text;
    capture_text = NULL;
    capture_length = 0;
    capture_capacity = 0;
    pthread_mutex_unlock(&capture_lock);
    return text;
}

int bpfsim_die_with_parent(void) {
#if defined(__linux__)
    return prctl(PR_SET_PDEATHSIG, SIGKILL);
#else
    return -1;
#endif
}
