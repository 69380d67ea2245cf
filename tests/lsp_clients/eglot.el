;;; eglot.el --- Emacs 28 + eglot 1.9 (Debian 12) as a real LSP client of `casenote server'.
;;
;; Run by tests/lsp_clients.rs:
;;   emacs --batch -Q -l eglot.el RECORD.md
;; with CASENOTE_BIN (the server binary) and CASENOTE_OUT (a file for the
;; results) in the environment.  Writes one line per observation; exits 0,
;; or 1 when something did not arrive in time.  In batch mode flymake never
;; displays anything, so diagnostics are read from the notifications.

(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)

(defvar casenote-out (getenv "CASENOTE_OUT"))
(defvar casenote-diagnostics nil "The latest publishDiagnostics list, a vector.")

(defun casenote-say (line)
  (with-temp-buffer
    (insert line "\n")
    (append-to-file (point-min) (point-max) casenote-out)))

(defun casenote-fail (why)
  (casenote-say (concat "FAIL " why))
  (kill-emacs 1))

(defun casenote-wait (seconds what test)
  (let ((deadline (+ (float-time) seconds)))
    (while (not (funcall test))
      (when (> (float-time) deadline) (casenote-fail what))
      (accept-process-output nil 0.05))))

(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq casenote-diagnostics (plist-get params :diagnostics)))))

(defun casenote-print (prefix)
  (seq-doseq (d casenote-diagnostics)
    (let ((start (plist-get (plist-get d :range) :start)))
      (casenote-say (format "%s %d %d %s %s" prefix
                            (plist-get start :line) (plist-get start :character)
                            (plist-get d :code) (plist-get d :source))))))

(find-file (car command-line-args-left))
(setq command-line-args-left nil)
(text-mode)
(setq-local eglot-send-changes-idle-time 0.1)
(eglot '(text-mode) (cons 'transient default-directory) 'eglot-lsp-server
       (list (getenv "CASENOTE_BIN") "server") "markdown")

;; 1. Diagnostics after opening.
(casenote-wait 15 "no diagnostics after opening" (lambda () (> (length casenote-diagnostics) 0)))
(casenote-print "diagnostic")

(let* ((server (eglot-current-server))
       (first (aref casenote-diagnostics 0))
       (position (plist-get (plist-get first :range) :start))
       (document (eglot--TextDocumentIdentifier)))
  ;; 2. Hover over the first finding.
  (let* ((hover (jsonrpc-request server :textDocument/hover
                                 (list :textDocument document :position position)))
         (value (plist-get (plist-get hover :contents) :value)))
    (unless value (casenote-fail "no hover"))
    (casenote-say (concat "hover " (car (split-string value "\n")))))
  ;; 3. Code actions there.
  (let ((actions (jsonrpc-request server :textDocument/codeAction
                                  (list :textDocument document
                                        :range (list :start position :end position)
                                        :context (list :diagnostics [])))))
    (when (= (length actions) 0) (casenote-fail "no code actions"))
    (seq-doseq (action actions)
      (casenote-say (concat "action " (plist-get action :title)))))
  ;; 4. An edit, sent incrementally: the line of the first unlabelled
  ;;    opinion becomes an observation.
  (let ((target (seq-find (lambda (d) (equal (plist-get d :code) "unlabelled-opinion"))
                          casenote-diagnostics)))
    (unless target (casenote-fail "no unlabelled-opinion to edit"))
    (let ((line (plist-get (plist-get (plist-get target :range) :start) :line)))
      (goto-char (point-min))
      (forward-line line)
      (setq casenote-diagnostics nil)
      (delete-region (line-beginning-position) (line-end-position))
      (insert "Jamie showed me his bike.")
      (eglot--signal-textDocument/didChange)
      (casenote-wait 15 "the diagnostics did not follow the edit"
                     (lambda () (> (length casenote-diagnostics) 0)))
      (casenote-say (format "edited %d" line))
      (casenote-print "after")))
  (eglot-shutdown server))

(casenote-say "done")
(kill-emacs 0)
