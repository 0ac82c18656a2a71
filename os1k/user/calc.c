/*
 * calc.c - an integer calculator: + - * / % and parentheses, with the
 * usual precedence, by recursive descent:
 *     expr   := term { (+|-) term }
 *     term   := factor { (*|/|%) factor }
 *     factor := number | -factor | ( expr )
 * `calc EXPR` evaluates once; `calc` alone reads lines until q or an empty line.
 */
#include "ulib.h"

static const char *p;                       /* the parse position */
static const char *error;                   /* first error, if any */

static void skip(void)
{
    while (isspace(*p))
        p++;
}

static i64 expr(void);

static i64 factor(void)
{
    skip();
    if (*p == '-') {
        p++;
        return -factor();
    }
    if (*p == '(') {
        p++;
        i64 v = expr();
        skip();
        if (*p != ')') {
            if (!error)
                error = "missing ')'";
            return 0;
        }
        p++;
        return v;
    }
    if (!isdigit(*p)) {
        if (!error)
            error = *p ? "unexpected character" : "unexpected end";
        return 0;
    }
    i64 v = 0;
    while (isdigit(*p))
        v = v * 10 + (*p++ - '0');
    return v;
}

static i64 term(void)
{
    i64 v = factor();
    for (;;) {
        skip();
        char op = *p;
        if (op != '*' && op != '/' && op != '%')
            return v;
        p++;
        i64 r = factor();
        if (op == '*')
            v *= r;
        else if (r == 0) {
            if (!error)
                error = "division by zero";
        } else
            v = (op == '/') ? v / r : v % r;
    }
}

static i64 expr(void)
{
    i64 v = term();
    for (;;) {
        skip();
        if (*p == '+')
            p++, v += term();
        else if (*p == '-')
            p++, v -= term();
        else
            return v;
    }
}

/* Evaluate s and print the result or the error; 0 on success. */
static int eval(const char *s)
{
    p = s;
    error = NULL;
    i64 v = expr();
    skip();
    if (!error && *p)
        error = "unexpected character";
    if (error) {
        printf("calc: %s at column %d\n", error, (int)(p - s) + 1);
        return 1;
    }
    printf("%" PRId64 "\n", v);
    return 0;
}

int main(int argc, char **argv)
{
    char line[128];
    if (argc > 1) {
        int n = 0;                          /* glue the arguments back together */
        for (int i = 1; i < argc; i++)
            for (const char *a = argv[i]; *a && n < 126; a++)
                line[n++] = *a;
        line[n] = 0;
        return eval(line);
    }
    puts("calc: enter expressions, q or an empty line to quit");
    for (;;) {
        printf("calc> ");
        if (readline(line, sizeof(line)) <= 0 || !strcmp(line, "q"))
            return 0;
        eval(line);
    }
}
