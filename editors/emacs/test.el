;;; test.el --- Smoke test of casenote.el in a real (batch) Emacs with eglot.
;;
;; Run by test.sh: emacs --batch -Q -l test.el RECORD.md
;; Environment: CASENOTE_SERVER_BIN, CASENOTE_EXPECT (comma-separated rule
;; ids that must arrive), or CASENOTE_EXPECT_NONE=1 (no casenote.toml: the
;; file is not a record).  In batch mode flymake shows nothing and
;; `eglot-ensure' waits for a command loop, so the diagnostics are read
;; from the notifications and the server is started with
;; `casenote-start-now'.

(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(add-to-list 'load-path (file-name-directory load-file-name))
(require 'casenote)

(defvar casenote-test-diagnostics nil)
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq casenote-test-diagnostics (plist-get params :diagnostics)))))

(defun casenote-test-finish (ok message)
  (princ (format "%s %s\n" (if ok "ok  " "FAIL") message))
  (when (eglot-current-server) (ignore-errors (eglot-shutdown (eglot-current-server))))
  (kill-emacs (if ok 0 1)))

(setq casenote-program (getenv "CASENOTE_SERVER_BIN"))
;; markdown-mode is not part of Debian's Emacs: records open in text-mode here.
(setq casenote-modes '(text-mode))
(setq casenote-settings '(:lintOn "type"))
(casenote-setup)
(find-file (car command-line-args-left))
(setq command-line-args-left nil)
(text-mode)

(if (equal (getenv "CASENOTE_EXPECT_NONE") "1")
    (casenote-test-finish (not (casenote--record-p))
                          "no casenote.toml: not treated as a record")
  (unless (casenote--record-p) (casenote-test-finish nil "the record is not recognised"))
  (casenote-start-now)
  (let ((deadline (+ (float-time) 20)))
    (while (and (= (length casenote-test-diagnostics) 0) (< (float-time) deadline))
      (accept-process-output nil 0.05)))
  (let ((codes (seq-map (lambda (d) (plist-get d :code)) casenote-test-diagnostics))
        (root (project-root (eglot--project (eglot-current-server)))))
    (princ (format "diagnostics: %s\n" (string-join (sort (seq-uniq codes) #'string<) " ")))
    (when (= (length codes) 0) (casenote-test-finish nil "no diagnostics within 20 s"))
    (dolist (rule (split-string (or (getenv "CASENOTE_EXPECT") "") "," t))
      (unless (member rule codes) (casenote-test-finish nil (concat "no " rule " diagnostic"))))
    (unless (equal (file-name-as-directory root) (file-name-directory buffer-file-name))
      (casenote-test-finish nil (format "root %s" root)))
    ;; The server's explanation arrives through the command.
    (let ((doc (jsonrpc-request (eglot-current-server) :workspace/executeCommand
                                '(:command "casenote.explainRule" :arguments ["vague-language"]))))
      (unless (and (stringp doc) (string-match-p "What it checks" doc))
        (casenote-test-finish nil "casenote.explainRule returned no documentation")))
    (casenote-test-finish t (format "%d diagnostics from casenote server (root %s)" (length codes) root))))
